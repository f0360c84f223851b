package dev.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.ProtocolHint;
import java.util.Map;

/**
 * One endpoint of a service, as the sources see it.
 *
 * @param weight relative weight; 0 means the default (100)
 * @param identity the identity its proxy's certificate names; empty when not meshed
 * @param zone its zone, or empty
 * @param ready false while it terminates (still serving, to be avoided)
 */
public record ServiceEndpoint(
    EndpointAddress address,
    int weight,
    String identity,
    ProtocolHint protocolHint,
    String zone,
    Map<String, String> metricLabels,
    boolean ready) {
  public ServiceEndpoint {
    requireNonNull(address, "address");
    requireNonNull(identity, "identity");
    requireNonNull(protocolHint, "protocolHint");
    requireNonNull(zone, "zone");
    metricLabels = Map.copyOf(metricLabels);
    if (weight < 0) {
      throw new IllegalArgumentException("weight " + weight + " (expected: >= 0)");
    }
  }

  Endpoint toProto() {
    return Endpoint.newBuilder()
        .setAddress(address.toProto())
        .setWeight(weight)
        .setIdentity(identity)
        .setProtocolHint(protocolHint)
        .setZone(zone)
        .putAllMetricLabels(metricLabels)
        .setReady(ready)
        .build();
  }
}

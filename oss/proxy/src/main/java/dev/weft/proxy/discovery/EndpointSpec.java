package dev.weft.proxy.discovery;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of a service as discovery describes it.
 *
 * @param address where it listens
 * @param weight relative weight, > 0
 * @param identity the identity of the proxy in front of it (reached over mTLS), or empty when it is
 *     not meshed
 * @param zone its zone, or empty
 * @param labels its metric labels (pod, ...)
 * @param ready false while it is terminating: still serving, but avoided when others are ready
 */
public record EndpointSpec(
    InetSocketAddress address,
    int weight,
    String identity,
    String zone,
    Map<String, String> labels,
    boolean ready) {
  public static final int DEFAULT_WEIGHT = 100;

  public EndpointSpec {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(zone, "zone");
    labels = Map.copyOf(labels);
    if (weight <= 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: > 0)");
    }
  }

  /** A plaintext, ready endpoint with the default weight and no zone. */
  public static EndpointSpec plain(InetSocketAddress address) {
    return new EndpointSpec(address, DEFAULT_WEIGHT, "", "", Map.of(), true);
  }
}

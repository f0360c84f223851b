package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.ProtocolHint;
import dev.weft.api.destination.v1.ServicePolicy;
import java.util.List;
import java.util.Map;

/** Small snapshots for tests. */
public final class Snapshots {
  public static final ServiceName BOOKS = ServiceName.parse("books:80");

  private Snapshots() {}

  public static ServiceEndpoint endpoint(String address, int weight) {
    return new ServiceEndpoint(
        EndpointAddress.parse(address),
        weight,
        "",
        ProtocolHint.PROTOCOL_HINT_UNKNOWN,
        "",
        Map.of(),
        true);
  }

  public static ServiceSnapshot books(String source, ServiceEndpoint... endpoints) {
    return ServiceSnapshot.of(
        BOOKS,
        List.of(endpoints),
        ServicePolicy.newBuilder().setSource(source).build(),
        Map.of("service", "books"));
  }
}

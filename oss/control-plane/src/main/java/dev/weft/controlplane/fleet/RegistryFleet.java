package dev.weft.controlplane.fleet;

import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.EndpointAddress;
import dev.weft.controlplane.discovery.ServiceEndpoint;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.util.HashSet;
import java.util.Set;

/**
 * Local mode's fleet: the registry knows no pods, only endpoints and their identities. An endpoint
 * with an identity has a proxy in front of it; its workload is its identity ({@code
 * SA.NS.serviceaccount.identity.weft.DOMAIN}, counted as {@code serviceaccount NS/SA}). An address
 * listed by several services counts once.
 */
public final class RegistryFleet {
  private RegistryFleet() {}

  public static Fleet of(DiscoveryIndex index) {
    FleetCounter counter = new FleetCounter();
    Set<EndpointAddress> seen = new HashSet<>();
    for (ServiceName name : index.names()) {
      ServiceSnapshot snapshot = index.get(name);
      if (snapshot == null) {
        continue;
      }
      for (ServiceEndpoint endpoint : snapshot.endpoints().values()) {
        String identity = endpoint.identity();
        if (identity == null || identity.isEmpty() || !seen.add(endpoint.address())) {
          continue;
        }
        String[] parts = identity.split("\\.", 3);
        if (parts.length < 3) {
          continue;
        }
        counter.add(parts[1], "serviceaccount", parts[0], null);
      }
    }
    return counter.fleet("registry");
  }
}

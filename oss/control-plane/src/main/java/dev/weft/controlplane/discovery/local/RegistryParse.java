package dev.weft.controlplane.discovery.local;

import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one read of the registry file found.
 *
 * @param services the services whose every line is good
 * @param broken services with at least one bad line (they keep their last good definition)
 * @param errors every bad line, in file order
 */
record RegistryParse(
    Map<ServiceName, ServiceSnapshot> services,
    Set<ServiceName> broken,
    List<RegistryError> errors) {
  RegistryParse {
    services = Map.copyOf(services);
    broken = Set.copyOf(broken);
    errors = List.copyOf(errors);
  }
}

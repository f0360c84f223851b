package dev.weft.controlplane.discovery.local;

import java.util.List;

/**
 * What the registry file gives now: the services applied (a broken one with its last good
 * definition) and the errors of its last read. Served as JSON by the local API.
 */
public record RegistryStatus(List<String> services, List<RegistryError> errors) {
  public RegistryStatus {
    services = List.copyOf(services);
    errors = List.copyOf(errors);
  }
}

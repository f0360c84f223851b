package dev.weft.spi.controlplane;

import java.util.Map;
import java.util.Objects;

/**
 * A service as the control plane knows it, for extensions that decide per service.
 *
 * @param namespace its namespace (local mode: the registry's namespace, usually {@code demo})
 * @param name its name
 * @param annotations the Kubernetes Service's annotations; empty in local mode
 */
public record ServiceRef(String namespace, String name, Map<String, String> annotations) {
  public ServiceRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    annotations = Map.copyOf(annotations);
  }
}

package dev.weft.inject;

import static java.util.Objects.requireNonNull;

/**
 * The proxy container's resource requests and limits, as Kubernetes quantities ({@code 100m},
 * {@code 64Mi}); an empty string leaves that one unset.
 */
public record ProxyResources(
    String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
  /** The defaults of proxy.json: 100m CPU requested, 64Mi memory requested, 128Mi limit. */
  public static final ProxyResources DEFAULTS = new ProxyResources("100m", "", "64Mi", "128Mi");

  public ProxyResources {
    requireNonNull(cpuRequest, "cpuRequest");
    requireNonNull(cpuLimit, "cpuLimit");
    requireNonNull(memoryRequest, "memoryRequest");
    requireNonNull(memoryLimit, "memoryLimit");
  }

  ProxyResources withCpuRequest(String value) {
    return new ProxyResources(value, cpuLimit, memoryRequest, memoryLimit);
  }

  ProxyResources withCpuLimit(String value) {
    return new ProxyResources(cpuRequest, value, memoryRequest, memoryLimit);
  }

  ProxyResources withMemoryRequest(String value) {
    return new ProxyResources(cpuRequest, cpuLimit, value, memoryLimit);
  }

  ProxyResources withMemoryLimit(String value) {
    return new ProxyResources(cpuRequest, cpuLimit, memoryRequest, value);
  }
}

package dev.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import dev.weft.api.destination.v1.ServicePolicy;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything known about one service at one moment: its endpoints by address, its routing policy,
 * its metric labels and, in Kubernetes mode, its Service's annotations (what control-plane
 * extensions may decide a default balancer by). Immutable; a source publishes a new one for every
 * change.
 *
 * <p>The policy is the contract's own {@link ServicePolicy} message: it is an immutable value with
 * equality already, and it is exactly what proxies receive, so a second model of routes, timeouts
 * and retries would only be translated back into it.
 */
public record ServiceSnapshot(
    ServiceName name,
    Map<EndpointAddress, ServiceEndpoint> endpoints,
    ServicePolicy policy,
    Map<String, String> metricLabels,
    Map<String, String> annotations) {
  public ServiceSnapshot {
    requireNonNull(name, "name");
    requireNonNull(policy, "policy");
    endpoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    metricLabels = Map.copyOf(metricLabels);
    annotations = Map.copyOf(annotations);
  }

  /** A snapshot of a service without annotations (the local registry's). */
  public ServiceSnapshot(
      ServiceName name,
      Map<EndpointAddress, ServiceEndpoint> endpoints,
      ServicePolicy policy,
      Map<String, String> metricLabels) {
    this(name, endpoints, policy, metricLabels, Map.of());
  }

  /** This snapshot with another policy. */
  public ServiceSnapshot withPolicy(ServicePolicy policy) {
    return new ServiceSnapshot(name, endpoints, policy, metricLabels, annotations);
  }

  /**
   * A snapshot of {@code endpoints}, keyed by address.
   *
   * @throws IllegalArgumentException if two endpoints share an address
   */
  public static ServiceSnapshot of(
      ServiceName name,
      Collection<ServiceEndpoint> endpoints,
      ServicePolicy policy,
      Map<String, String> metricLabels) {
    return of(name, endpoints, policy, metricLabels, Map.of());
  }

  /**
   * A snapshot of {@code endpoints}, keyed by address, with the Service's annotations.
   *
   * @throws IllegalArgumentException if two endpoints share an address
   */
  public static ServiceSnapshot of(
      ServiceName name,
      Collection<ServiceEndpoint> endpoints,
      ServicePolicy policy,
      Map<String, String> metricLabels,
      Map<String, String> annotations) {
    Map<EndpointAddress, ServiceEndpoint> byAddress = new LinkedHashMap<>();
    for (ServiceEndpoint endpoint : endpoints) {
      if (byAddress.putIfAbsent(endpoint.address(), endpoint) != null) {
        throw new IllegalArgumentException(
            "endpoint " + endpoint.address() + " is listed twice in " + name);
      }
    }
    return new ServiceSnapshot(name, byAddress, policy, metricLabels, annotations);
  }
}

package dev.weft.proxy.discovery;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Services with fixed endpoints, from the command line (several {@code --outbound-forward}
 * addresses): each name answers once, at once, and never changes. Names it does not know are
 * answered "no such service".
 */
public final class StaticResolver implements Resolver {
  private final Map<String, Map<InetSocketAddress, EndpointSpec>> services;

  public StaticResolver(Map<String, Map<InetSocketAddress, EndpointSpec>> services) {
    Map<String, Map<InetSocketAddress, EndpointSpec>> copy = new LinkedHashMap<>();
    services.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    this.services = Map.copyOf(copy);
  }

  @Override
  public AutoCloseable watch(String name, ServiceListener listener) {
    Map<InetSocketAddress, EndpointSpec> endpoints = services.get(name);
    if (endpoints == null) {
      listener.noSuchService("no service " + name + " among the configured ones");
    } else {
      listener.policy(ServicePolicy.DEFAULT);
      listener.endpoints(endpoints);
    }
    return () -> {};
  }
}

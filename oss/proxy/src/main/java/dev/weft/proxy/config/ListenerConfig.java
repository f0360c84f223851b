package dev.weft.proxy.config;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One listener: where it binds, where it forwards, and which direction its traffic is reported as.
 *
 * @param name the direction label of its metrics ({@code inbound} or {@code outbound})
 * @param bind the local address to accept on
 * @param forward where connections and requests go when no route matches; {@code null} only when
 *     there are routes, and then a request no route matches is answered 404
 * @param routes per-authority targets of HTTP requests, keyed by the authority's host (lower case,
 *     without a port) or by {@code host:port}
 */
public record ListenerConfig(
    String name, InetSocketAddress bind, Target forward, Map<String, Target> routes) {
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    routes = Map.copyOf(routes);
    if (forward == null && routes.isEmpty()) {
      throw new ConfigException(name + " listener: neither a forward address nor routes");
    }
  }

  /** A plaintext fixed hop with no routes. */
  public ListenerConfig(String name, InetSocketAddress bind, InetSocketAddress forward) {
    this(name, bind, new Target(forward, null), Map.of());
  }
}

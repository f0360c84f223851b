package dev.weft.proxy.config;

import java.net.InetSocketAddress;
import java.util.List;
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
 * @param balanced when the forward target is several addresses: all of them (the first is {@code
 *     forward}), balanced per request (and per connection for opaque TCP); else empty
 * @param discovered whether requests no route takes go to the service their authority names,
 *     through discovery
 * @param transparent whether each connection's original destination (it was redirected here by
 *     iptables) is where it goes when nothing else takes it; then {@code forward} is null
 */
public record ListenerConfig(
    String name,
    InetSocketAddress bind,
    Target forward,
    Map<String, Target> routes,
    List<Target> balanced,
    boolean discovered,
    boolean transparent) {
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    routes = Map.copyOf(routes);
    balanced = List.copyOf(balanced);
    if (transparent && forward != null) {
      throw new IllegalArgumentException(name + " listener: transparent with a forward target");
    }
    if (forward == null && routes.isEmpty() && !discovered && !transparent) {
      throw new ConfigException(
          name + " listener: neither a forward address, nor routes, nor discovery");
    }
    if (!balanced.isEmpty() && !balanced.getFirst().equals(forward)) {
      throw new IllegalArgumentException("balanced: must start with the forward target");
    }
  }

  /** A listener that is not transparent. */
  public ListenerConfig(
      String name,
      InetSocketAddress bind,
      Target forward,
      Map<String, Target> routes,
      List<Target> balanced,
      boolean discovered) {
    this(name, bind, forward, routes, balanced, discovered, false);
  }

  /** A listener with a single forward target (or none), routes, and no discovery. */
  public ListenerConfig(
      String name, InetSocketAddress bind, Target forward, Map<String, Target> routes) {
    this(name, bind, forward, routes, List.of(), false);
  }

  /** A plaintext fixed hop with no routes. */
  public ListenerConfig(String name, InetSocketAddress bind, InetSocketAddress forward) {
    this(name, bind, new Target(forward, null), Map.of());
  }
}

package dev.weft.proxy.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters for one (direction, target address, tls): connection meters for both peers, and request
 * meters per authority, at most {@code maxAuthorities} of them. Thread-safe.
 */
public final class TargetMetrics {
  static final String OVERFLOW = "overflow";

  private final MeterRegistry registry;
  private final Tags tags;
  private final int maxAuthorities;
  private final ConcurrentMap<String, RouteMetrics> routes = new ConcurrentHashMap<>();
  private final TcpMetrics src;
  private final TcpMetrics dst;

  TargetMetrics(
      MeterRegistry registry,
      String direction,
      String targetAddr,
      String tls,
      String idLabel,
      String id,
      int maxAuthorities) {
    this.registry = registry;
    // Every meter of a name must have the same label keys (Prometheus registries insist), so both
    // identity labels are always there, empty when they do not apply, which Prometheus treats as
    // absent.
    this.tags =
        Tags.of(
            "direction", direction,
            "target_addr", targetAddr,
            "tls", tls,
            "client_id", "client_id".equals(idLabel) ? id : "",
            "server_id", "server_id".equals(idLabel) ? id : "");
    this.maxAuthorities = maxAuthorities;
    this.src = new TcpMetrics(registry, tags.and("peer", "src"));
    this.dst = new TcpMetrics(registry, tags.and("peer", "dst"));
  }

  /** Connections accepted from clients. */
  public TcpMetrics src() {
    return src;
  }

  /** Connections the proxy opened to the target. */
  public TcpMetrics dst() {
    return dst;
  }

  /** Request meters for an authority ({@code Host} or {@code :authority}); bounded. */
  public RouteMetrics route(String authority) {
    String a = authority == null || authority.isEmpty() ? "" : authority;
    RouteMetrics r = routes.get(a);
    if (r != null) {
      return r;
    }
    if (routes.size() >= maxAuthorities) {
      a = OVERFLOW;
    }
    return routes.computeIfAbsent(a, k -> new RouteMetrics(registry, tags.and("authority", k)));
  }
}

package dev.weft.proxy.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The proxy's metrics registry, with Linkerd's metric names and labels so that dashboards and
 * queries written for Linkerd work unchanged.
 *
 * <p>Meters are looked up once per (direction, target, tls) and cached in {@link TargetMetrics};
 * the request path then only increments them. Label cardinality is bounded: targets are the
 * configured forward addresses, and each target keeps at most {@code maxAuthorities} distinct
 * authorities. Thread-safe.
 */
public final class ProxyMetrics {
  /** The {@code tls} label of plaintext traffic, as Linkerd reports it. */
  public static final String TLS_NONE = "no_identity";

  /** The {@code tls} label of mutually authenticated traffic. */
  public static final String TLS_TRUE = "true";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<String, TargetMetrics> targets = new ConcurrentHashMap<>();
  private final MeterClaims claims = new MeterClaims(registry);
  private final int maxAuthorities;

  public ProxyMetrics(int maxAuthorities) {
    this.maxAuthorities = maxAuthorities;
  }

  /** The meters of traffic in {@code direction} to {@code target}, created on first use. */
  public TargetMetrics target(String direction, InetSocketAddress target, String tls) {
    return target(direction, target, tls, null, null);
  }

  /**
   * The meters of traffic in {@code direction} to {@code target} with a peer identity: {@code
   * client_id} (inbound) or {@code server_id} (outbound) names it; {@code idLabel} null for none.
   */
  public TargetMetrics target(
      String direction, InetSocketAddress target, String tls, String idLabel, String id) {
    String addr = target.getAddress().getHostAddress() + ":" + target.getPort();
    return targets.computeIfAbsent(
        direction + '|' + addr + '|' + tls + '|' + idLabel + '|' + id,
        k -> new TargetMetrics(registry, direction, addr, tls, idLabel, id, maxAuthorities));
  }

  /**
   * The request meters of a discovered service, labelled {@code target_addr} with its name: its
   * requests may try several endpoints, whose own meters count connections.
   */
  public TargetMetrics service(String direction, String name) {
    return targets.computeIfAbsent(
        direction + "|service|" + name,
        k -> new TargetMetrics(registry, direction, name, "", null, null, maxAuthorities));
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** What extensions registered in {@link #registry}, to keep their meters consistent. */
  public MeterClaims claims() {
    return claims;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}

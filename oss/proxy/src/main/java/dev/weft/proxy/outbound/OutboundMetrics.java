package dev.weft.proxy.outbound;

import dev.weft.proxy.metrics.MeterClaims;
import dev.weft.spi.balancer.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of discovery, balancing and retries:
 *
 * <ul>
 *   <li>{@code weft_discovery_services}: services watched now;
 *   <li>{@code weft_balancer_endpoints{dst_service}}: endpoints discovered;
 *   <li>{@code weft_balancer_endpoint_requests_total}, labelled {@code dst_service}, {@code
 *       endpoint}, {@code dst_zone}, {@code dst_zone_locality} (its {@link Locality}), {@code
 *       dst_pod} and {@code outcome}: tries sent to each endpoint, by how they ended ({@code
 *       success}, {@code failure}, {@code overloaded}, {@code unreachable}, {@code cancelled});
 *       removed when the endpoint leaves;
 *   <li>{@code weft_retry_total{dst_service,route,reason}}: retries made, by what caused them;
 *   <li>{@code weft_retry_skipped_total{dst_service,route,why}}: retries a policy asked for but
 *       that were not made ({@code budget}, {@code limit}, {@code body});
 *   <li>what balancers register themselves ({@link BalancerMeters}).
 * </ul>
 *
 * Thread-safe; the request path only increments meters it already holds, except for the first retry
 * of a route.
 */
final class OutboundMetrics {
  private static final Outcome.Kind[] KINDS = Outcome.Kind.values();

  private final MeterRegistry registry;
  private final String zone;
  private final MeterClaims claims;
  private final AtomicInteger watched = new AtomicInteger();
  private final ConcurrentMap<String, AtomicInteger> endpointCounts = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> retries = new ConcurrentHashMap<>();

  /**
   * @param claims the names and series balancers registered, registry-wide
   * @param zone this proxy's zone, or empty
   */
  OutboundMetrics(MeterRegistry registry, MeterClaims claims, String zone) {
    this.registry = registry;
    this.claims = claims;
    this.zone = zone;
    Gauge.builder("weft_discovery_services", watched, AtomicInteger::get)
        .description("Services this proxy watches through discovery")
        .register(registry);
  }

  void servicesWatched(int n) {
    watched.set(n);
  }

  /** The tries sent to one endpoint of one service, by outcome. */
  static final class EndpointMeters {
    private final Counter[] byKind;
    private final List<Meter> meters;

    EndpointMeters(Counter[] byKind, List<Meter> meters) {
      this.byKind = byKind;
      this.meters = meters;
    }

    void record(Outcome.Kind kind) {
      byKind[kind.ordinal()].increment();
    }
  }

  EndpointMeters endpoint(String service, Endpoint e) {
    Tags tags =
        Tags.of(
            "dst_service", service,
            "endpoint", e.toString(),
            "dst_zone", e.zone(),
            "dst_zone_locality", Locality.of(zone, e.zone()).label(),
            "dst_pod", e.labels().getOrDefault("pod", ""));
    Counter[] byKind = new Counter[KINDS.length];
    List<Meter> meters = new ArrayList<>();
    for (Outcome.Kind k : KINDS) {
      byKind[k.ordinal()] =
          Counter.builder("weft_balancer_endpoint_requests")
              .description("Tries sent to an endpoint, by how they ended")
              .tags(tags.and("outcome", k.name().toLowerCase(Locale.ROOT)))
              .register(registry);
      meters.add(byKind[k.ordinal()]);
    }
    return new EndpointMeters(byKind, meters);
  }

  /** The meters one balancer of {@code service}, built by {@code provider}, registers. */
  BalancerMeters balancer(String service, String provider) {
    return new BalancerMeters(registry, claims, service, provider);
  }

  void endpointCount(String service, int n) {
    endpointCounts
        .computeIfAbsent(
            service,
            s -> {
              AtomicInteger count = new AtomicInteger();
              Gauge.builder("weft_balancer_endpoints", count, AtomicInteger::get)
                  .description("Endpoints discovered for a service")
                  .tags("dst_service", s)
                  .register(registry);
              return count;
            })
        .set(n);
  }

  /** Endpoints that left (or changed): their meters go with them. */
  void removeEndpoints(Collection<Endpoint> gone) {
    for (Endpoint e : gone) {
      if (e.meters() != null) {
        for (Meter m : e.meters().meters) {
          registry.remove(m);
        }
      }
    }
  }

  void retry(String service, String route, String reason) {
    counter("weft_retry", "Retries made, by cause", service, route, "reason", reason).increment();
  }

  void retrySkipped(String service, String route, String why) {
    counter(
            "weft_retry_skipped",
            "Retries a route's policy asked for that were not made, and why",
            service,
            route,
            "why",
            why)
        .increment();
  }

  private Counter counter(
      String name, String description, String service, String route, String key, String value) {
    return retries.computeIfAbsent(
        name + '|' + service + '|' + route + '|' + value,
        k ->
            Counter.builder(name)
                .description(description)
                .tags("dst_service", service, "route", route, key, value)
                .register(registry));
  }
}

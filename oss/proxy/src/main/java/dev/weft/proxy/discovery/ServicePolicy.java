package dev.weft.proxy.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How requests to one service are routed, as discovery describes it. Immutable.
 *
 * @param routes in order; the first that matches a request takes it
 * @param backends the service's traffic split; empty means the service itself
 * @param budget caps the retries of the service's requests
 * @param balancer the balancer's name, or empty for the proxy's default
 * @param balancerConfig the balancer's configuration
 * @param accrual circuit breaking of its endpoints
 * @param source where the policy came from, for logs
 */
public record ServicePolicy(
    List<RouteSpec> routes,
    List<BackendSpec> backends,
    BudgetSpec budget,
    String balancer,
    Map<String, String> balancerConfig,
    AccrualSpec accrual,
    String source) {
  public static final ServicePolicy DEFAULT =
      new ServicePolicy(
          List.of(), List.of(), BudgetSpec.DEFAULT, "", Map.of(), AccrualSpec.DEFAULT, "default");

  public ServicePolicy {
    routes = List.copyOf(routes);
    backends = List.copyOf(backends);
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(balancer, "balancer");
    balancerConfig = Map.copyOf(balancerConfig);
    Objects.requireNonNull(accrual, "accrual");
    Objects.requireNonNull(source, "source");
  }

  /** The route of a request: the first whose match accepts it, else {@link RouteSpec#DEFAULT}. */
  public RouteSpec route(String method, String path, Function<String, String> header) {
    for (RouteSpec r : routes) {
      if (r.matches().isEmpty()) {
        return r;
      }
      for (MatchSpec m : r.matches()) {
        if (m.matches(method, path, header)) {
          return r;
        }
      }
    }
    return RouteSpec.DEFAULT;
  }

  /**
   * Caps retries: {@code ratio} of requests plus {@code minPerSecond}, counted over {@code ttl}.
   */
  public record BudgetSpec(double ratio, int minPerSecond, Duration ttl) {
    public static final BudgetSpec DEFAULT = new BudgetSpec(0.2, 10, Duration.ofSeconds(10));

    public BudgetSpec {
      if (!(ratio >= 0 && ratio <= 1000)) {
        throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0..1000)");
      }
      if (minPerSecond < 0) {
        throw new IllegalArgumentException("minPerSecond: " + minPerSecond + " (expected: >= 0)");
      }
      Objects.requireNonNull(ttl, "ttl");
    }
  }

  /** Consecutive-failure accrual: failures to eject, and the backoff of an ejected endpoint. */
  public record AccrualSpec(int failures, Duration minBackoff, Duration maxBackoff) {
    public static final AccrualSpec DEFAULT =
        new AccrualSpec(7, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public AccrualSpec {
      if (failures <= 0) {
        throw new IllegalArgumentException("failures: " + failures + " (expected: > 0)");
      }
      Objects.requireNonNull(minBackoff, "minBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
  }
}

package dev.weft.proxy.balance;

import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import java.util.Map;
import java.util.Objects;

/**
 * The open-source default balancer, {@code p2c-peak-ewma}: power of two choices by peak-EWMA
 * latency x (load + 1) / weight, as Finagle's {@code P2CPeakEwma} and linkerd2-proxy's. Always
 * available, priority 0. Configuration: {@link PeakEwmaConfig#parse}.
 *
 * <p>Its balancers publish a new immutable picker on every {@link Balancer#update}; picks are
 * lock-free, and {@code Pick.done} may run on any thread. Time and randomness come from the {@link
 * BalancerContext}. Thread-safe and stateless itself; found by {@link BalancerRegistry}.
 */
public final class PeakEwmaProvider implements BalancerProvider {
  public static final String NAME = "p2c-peak-ewma";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public ConfigResult<PeakEwmaConfig> parseConfig(Map<String, String> config) {
    return PeakEwmaConfig.parse(config);
  }

  /**
   * @param config a {@link PeakEwmaConfig}, as {@link #parseConfig} returns
   */
  @Override
  public Balancer newBalancer(BalancerContext context, Object config) {
    Objects.requireNonNull(context, "context");
    if (!(config instanceof PeakEwmaConfig c)) {
      throw new IllegalArgumentException(
          "config: " + config + " (expected: a PeakEwmaConfig from parseConfig)");
    }
    return new PeakEwmaBalancer(context, c);
  }
}

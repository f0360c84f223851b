package dev.weft.hazl;

import dev.weft.licensing.Entitlements;
import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code hazl} balancer: High Availability Zonal Load balancing. Keeps a service's requests in
 * the proxy's zone while the load per endpoint stays inside a band, adds the next zones one at a
 * time above it, removes them below it, and fails over at once when the nearest zones have no
 * healthy endpoint; among the endpoints it lets through, the proxy's default balancer chooses.
 * Configuration: {@link HazlConfig#parse}.
 *
 * <p>Available only while the license entitles {@code hazl} ({@link Entitlements#fromEnvironment},
 * asked each time, so a license installed or renewed is seen); otherwise the proxy's registry falls
 * back to the open-source balancer and logs the license's reason. Its balancers tick on one daemon
 * thread shared by all of them. Thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class HazlProvider implements BalancerProvider {
  public static final String NAME = "hazl";

  private final Supplier<Availability> availability;
  private final TickScheduler ticks;

  public HazlProvider() {
    this(
        () -> Entitlements.fromEnvironment().check(NAME).availability(), new DaemonTickScheduler());
  }

  HazlProvider(Supplier<Availability> availability, TickScheduler ticks) {
    this.availability = Objects.requireNonNull(availability, "availability");
    this.ticks = Objects.requireNonNull(ticks, "ticks");
  }

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
    return availability.get();
  }

  @Override
  public ConfigResult<HazlConfig> parseConfig(Map<String, String> config) {
    return HazlConfig.parse(config);
  }

  /**
   * @param config a {@link HazlConfig}, as {@link #parseConfig} returns
   * @throws UnsupportedOperationException when the context cannot build the default balancer
   */
  @Override
  public Balancer newBalancer(BalancerContext context, Object config) {
    Objects.requireNonNull(context, "context");
    if (!(config instanceof HazlConfig c)) {
      throw new IllegalArgumentException(
          "config: " + config + " (expected: a HazlConfig from parseConfig)");
    }
    return new HazlBalancer(context, c, ticks);
  }
}

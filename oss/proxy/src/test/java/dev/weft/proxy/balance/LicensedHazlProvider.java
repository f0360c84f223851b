package dev.weft.proxy.balance;

import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise balancer as the proxy meets it: registered through this module's test {@code
 * META-INF/services}, and available only while {@link #LICENSED} is set (a license installed or
 * renewed while the proxy runs). It builds no balancer: tests only select it.
 */
public final class LicensedHazlProvider implements BalancerProvider {
  static final String REASON = "license missing: no WEFT_LICENSE";
  static final AtomicBoolean LICENSED = new AtomicBoolean();
  static final AtomicInteger ASKED = new AtomicInteger();

  @Override
  public String name() {
    return "hazl";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Availability availability() {
    ASKED.incrementAndGet();
    return LICENSED.get() ? Availability.AVAILABLE : Availability.unavailable(REASON);
  }

  @Override
  public ConfigResult<?> parseConfig(Map<String, String> config) {
    return ConfigResult.ok(config);
  }

  @Override
  public Balancer newBalancer(BalancerContext context, Object config) {
    throw new UnsupportedOperationException("a test provider builds no balancer");
  }
}

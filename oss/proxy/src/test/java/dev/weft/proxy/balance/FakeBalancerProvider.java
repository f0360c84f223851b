package dev.weft.proxy.balance;

import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import java.util.Map;

/** A provider whose name, priority and availability a test sets; it builds nothing. */
final class FakeBalancerProvider implements BalancerProvider {
  private final String name;
  private final int priority;
  volatile Availability availability;

  FakeBalancerProvider(String name, int priority, Availability availability) {
    this.name = name;
    this.priority = priority;
    this.availability = availability;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public ConfigResult<?> parseConfig(Map<String, String> config) {
    return ConfigResult.ok(config);
  }

  @Override
  public Balancer newBalancer(BalancerContext context, Object config) {
    throw new UnsupportedOperationException("a fake builds no balancer");
  }

  @Override
  public String toString() {
    return name + "@" + priority;
  }
}

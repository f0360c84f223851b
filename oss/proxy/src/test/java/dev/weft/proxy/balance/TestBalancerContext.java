package dev.weft.proxy.balance;

import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.Picker;
import dev.weft.testkit.ManualClock;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** Keeps the last picker published; time from a manual clock, chance from a seeded generator. */
final class TestBalancerContext implements BalancerContext {
  private final LongSupplier nanos;
  private final RandomGenerator random;
  private volatile Picker picker;
  private int published;

  TestBalancerContext(ManualClock clock, long seed) {
    this.nanos = TestTime.nanos(clock);
    // Not thread-safe: tests pick from one thread only.
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized void publish(Picker picker) {
    this.picker = picker;
    published++;
  }

  Picker picker() {
    return picker;
  }

  synchronized int published() {
    return published;
  }

  @Override
  public String service() {
    return "books:80";
  }

  @Override
  public String localZone() {
    return "";
  }

  @Override
  public long nanoTime() {
    return nanos.getAsLong();
  }

  @Override
  public RandomGenerator random() {
    return random;
  }
}

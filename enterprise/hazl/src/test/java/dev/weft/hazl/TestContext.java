package dev.weft.hazl;

import dev.weft.proxy.balance.PeakEwmaProvider;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.Picker;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * A balancer context as the proxy gives one, with a manual clock and seeded randomness: its default
 * balancer is the real open-source one, and it keeps what was published and registered.
 */
final class TestContext implements BalancerContext {
  private final String localZone;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  // Not thread-safe: these tests pick from one thread.
  private final RandomGenerator random;
  private volatile Picker picker;
  final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
  final Map<String, DoubleSupplier> counters = new ConcurrentHashMap<>();

  TestContext(String localZone, long seed) {
    this.localZone = localZone;
    this.random = new SplittableRandom(seed);
  }

  long advance(Duration d) {
    return nanos.addAndGet(d.toNanos());
  }

  Picker picker() {
    return picker;
  }

  @Override
  public void publish(Picker picker) {
    this.picker = picker;
  }

  @Override
  public String service() {
    return "books.demo.svc.cluster.local:80";
  }

  @Override
  public String localZone() {
    return localZone;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public Balancer newDefaultBalancer(Consumer<Picker> publish) {
    PeakEwmaProvider p = new PeakEwmaProvider();
    return p.newBalancer(new Child(publish), p.parseConfig(Map.of()).value());
  }

  @Override
  public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    gauges.put(key(name, labels), value);
  }

  @Override
  public void counter(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    counters.put(key(name, labels), value);
  }

  /** {@code name{k=v,...}}, labels sorted; just the name without labels. */
  static String key(String name, Map<String, String> labels) {
    return labels.isEmpty() ? name : name + new TreeMap<>(labels);
  }

  /** The default balancer's context: this one's clock and chance, its own publication. */
  private final class Child implements BalancerContext {
    private final Consumer<Picker> publish;

    Child(Consumer<Picker> publish) {
      this.publish = publish;
    }

    @Override
    public void publish(Picker picker) {
      publish.accept(picker);
    }

    @Override
    public String service() {
      return TestContext.this.service();
    }

    @Override
    public String localZone() {
      return localZone;
    }

    @Override
    public long nanoTime() {
      return TestContext.this.nanoTime();
    }

    @Override
    public RandomGenerator random() {
      return random;
    }
  }
}

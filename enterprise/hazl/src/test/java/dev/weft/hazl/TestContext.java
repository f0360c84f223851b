package dev.weft.hazl;

import dev.weft.proxy.balance.PeakEwmaProvider;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import dev.weft.spi.balancer.Picker;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final AtomicInteger outstanding = new AtomicInteger();
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

  /**
   * The default balancer, whose picks are counted until done, so that a test sees that each was
   * ended exactly once (released or reported).
   */
  @Override
  public Balancer newDefaultBalancer(Consumer<Picker> publish) {
    PeakEwmaProvider p = new PeakEwmaProvider();
    Consumer<Picker> counted = picker -> publish.accept(() -> counted(picker.pick()));
    return p.newBalancer(new Child(counted), p.parseConfig(Map.of()).value());
  }

  /** Picks of the default balancers not yet done. */
  int outstanding() {
    return outstanding.get();
  }

  private Pick counted(Pick inner) {
    if (inner == null) {
      return null;
    }
    outstanding.incrementAndGet();
    return new Pick() {
      private final AtomicBoolean done = new AtomicBoolean();

      @Override
      public EndpointView endpoint() {
        return inner.endpoint();
      }

      @Override
      public void done(Outcome outcome) {
        if (!done.compareAndSet(false, true)) {
          throw new AssertionError("done twice: " + inner.endpoint());
        }
        outstanding.decrementAndGet();
        inner.done(outcome);
      }
    };
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

package dev.weft.proxy.outbound;

import dev.weft.proxy.balance.PeakEwmaConfig;
import dev.weft.proxy.balance.PeakEwmaProvider;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.Picker;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * What one balancer of a {@link Service} is given: one context per balancer, so that what it
 * registers goes with it. Once {@link #retire retired} (the balancer closed or replaced), its
 * meters are gone and what it still publishes is ignored, so a late timer of a replaced balancer
 * cannot undo its successor's picker. Thread-safe.
 */
final class ServiceBalancerContext implements BalancerContext {
  private static final PeakEwmaProvider DEFAULT = new PeakEwmaProvider();

  private final String service;
  private final OutboundTargets owner;
  private final Consumer<Picker> publish;
  private final BalancerMeters meters;
  private volatile boolean retired;

  /**
   * @param provider the name of the provider building the balancer, its meters' {@code balancer}
   * @param publish makes a picker the service's
   */
  ServiceBalancerContext(
      String service, String provider, OutboundTargets owner, Consumer<Picker> publish) {
    this.service = service;
    this.owner = owner;
    this.publish = publish;
    this.meters = owner.metrics().balancer(service, provider);
  }

  @Override
  public void publish(Picker picker) {
    Objects.requireNonNull(picker, "picker");
    if (!retired) {
      publish.accept(picker);
    }
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String localZone() {
    return owner.zone();
  }

  @Override
  public long nanoTime() {
    return owner.nanoTime();
  }

  @Override
  public RandomGenerator random() {
    return owner.random();
  }

  /**
   * A {@code p2c-peak-ewma} balancer with its default configuration, publishing to {@code publish},
   * with this context's clock, randomness and meters.
   */
  @Override
  public Balancer newDefaultBalancer(Consumer<Picker> publish) {
    Objects.requireNonNull(publish, "publish");
    BalancerContext outer = this;
    BalancerContext inner =
        new BalancerContext() {
          @Override
          public void publish(Picker picker) {
            publish.accept(Objects.requireNonNull(picker, "picker"));
          }

          @Override
          public String service() {
            return outer.service();
          }

          @Override
          public String localZone() {
            return outer.localZone();
          }

          @Override
          public long nanoTime() {
            return outer.nanoTime();
          }

          @Override
          public RandomGenerator random() {
            return outer.random();
          }

          @Override
          public Balancer newDefaultBalancer(Consumer<Picker> p) {
            return outer.newDefaultBalancer(p);
          }

          @Override
          public void gauge(String n, String h, Map<String, String> l, DoubleSupplier v) {
            outer.gauge(n, h, l, v);
          }

          @Override
          public void counter(String n, String h, Map<String, String> l, DoubleSupplier v) {
            outer.counter(n, h, l, v);
          }
        };
    return DEFAULT.newBalancer(inner, PeakEwmaConfig.DEFAULT);
  }

  @Override
  public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    meters.gauge(name, help, labels, value);
  }

  @Override
  public void counter(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    meters.counter(name, help, labels, value);
  }

  /** The balancer was closed or replaced: its meters go, its later pickers are ignored. */
  void retire() {
    retired = true;
    meters.close();
  }

  /** Meters its balancer registered; for tests. */
  int meters() {
    return meters.size();
  }
}

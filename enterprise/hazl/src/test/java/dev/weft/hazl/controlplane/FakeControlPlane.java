package dev.weft.hazl.controlplane;

import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.BalancerDefaults;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ServiceRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A control plane for extension tests: ConfigMaps and Secrets in maps ({@code name/key}), gauges,
 * statuses and the balancer chooser kept, policy re-sends counted.
 */
final class FakeControlPlane implements ControlPlaneContext {
  final Map<String, String> configMaps = new ConcurrentHashMap<>();
  final Map<String, String> secrets = new ConcurrentHashMap<>();
  final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
  final Map<String, Supplier<String>> statuses = new ConcurrentHashMap<>();
  final AtomicReference<BalancerDefaults> chooser = new AtomicReference<>();
  final AtomicInteger policiesChanged = new AtomicInteger();
  volatile RuntimeException apiDown;
  private final String mode;

  FakeControlPlane(String mode) {
    this.mode = mode;
  }

  /** Sets key {@code key} of ConfigMap weft-hazl. */
  FakeControlPlane hazl(String key, String value) {
    configMaps.put("weft-hazl/" + key, value);
    return this;
  }

  /** What the installed chooser answers for a service with these annotations. */
  Optional<BalancerChoice> choiceFor(String name, Map<String, String> annotations) {
    BalancerDefaults c = chooser.get();
    if (c == null) {
      throw new AssertionError("no chooser installed");
    }
    return c.balancerFor(new ServiceRef("demo", name, annotations));
  }

  double gauge(String name) {
    DoubleSupplier g = gauges.get(name);
    if (g == null) {
      throw new AssertionError("no gauge " + name + " (have " + gauges.keySet() + ")");
    }
    return g.getAsDouble();
  }

  String status(String name) {
    return statuses.get(name).get();
  }

  @Override
  public String mode() {
    return mode;
  }

  @Override
  public String namespace() {
    return "weft";
  }

  @Override
  public IntSupplier meshedWorkloads() {
    return () -> 0;
  }

  @Override
  public void gauge(String name, String help, DoubleSupplier value) {
    if (gauges.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("gauge " + name + " registered twice");
    }
  }

  @Override
  public Optional<String> secret(String name, String key) {
    return Optional.ofNullable(secrets.get(name + "/" + key));
  }

  @Override
  public void status(String name, Supplier<String> json) {
    if (statuses.putIfAbsent(name, json) != null) {
      throw new IllegalArgumentException("status " + name + " published twice");
    }
  }

  @Override
  public Optional<String> configMap(String name, String key) {
    RuntimeException down = apiDown;
    if (down != null) {
      throw down;
    }
    return Optional.ofNullable(configMaps.get(name + "/" + key));
  }

  @Override
  public void balancerDefaults(BalancerDefaults chooser) {
    this.chooser.set(chooser);
  }

  @Override
  public void policiesChanged() {
    policiesChanged.incrementAndGet();
  }
}

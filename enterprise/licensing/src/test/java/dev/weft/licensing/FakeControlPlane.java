package dev.weft.licensing;

import dev.weft.spi.controlplane.ControlPlaneContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A control plane for extension tests: gauges, statuses and proxy environment kept in maps, Secrets
 * in a map.
 */
final class FakeControlPlane implements ControlPlaneContext {
  final AtomicInteger meshed = new AtomicInteger();
  final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
  final Map<String, Supplier<String>> statuses = new ConcurrentHashMap<>();
  final Map<String, String> secrets = new ConcurrentHashMap<>();
  final Map<String, Supplier<Optional<String>>> proxyEnvironment = new ConcurrentHashMap<>();
  private final String mode;

  FakeControlPlane(String mode) {
    this.mode = mode;
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
    return meshed::get;
  }

  @Override
  public void gauge(String name, String help, DoubleSupplier value) {
    if (gauges.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("gauge " + name + " registered twice");
    }
  }

  @Override
  public Optional<String> secret(String name, String key) {
    return mode.equals("kubernetes")
        ? Optional.ofNullable(secrets.get(name + "/" + key))
        : Optional.empty();
  }

  @Override
  public void status(String name, Supplier<String> json) {
    statuses.put(name, json);
  }

  @Override
  public void proxyEnvironment(String name, Supplier<Optional<String>> value) {
    if (proxyEnvironment.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("proxy environment " + name + " registered twice");
    }
  }
}

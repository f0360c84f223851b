package dev.weft.proxy.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The meter names and series that extensions (balancer plugins) registered in the proxy's registry,
 * so that a name they misuse is found without scanning the registry at every registration:
 * Prometheus requires one type and one set of label keys per name, and one owner per series.
 * Registry-wide, since several listeners share the registry. Thread-safe; meant for when meters are
 * registered, not per request.
 */
public final class MeterClaims {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, String> shapes = new ConcurrentHashMap<>();
  private final ConcurrentMap<Meter.Id, Object> series = new ConcurrentHashMap<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  MeterClaims(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Null when meters named {@code name} may have {@code type} and the label keys {@code keys}
   * (claiming them for the name the first time), else why not: the name is the proxy's own, or was
   * claimed with another type or other keys.
   */
  public String shape(String name, Meter.Type type, Set<String> keys) {
    String wanted =
        "a " + type.name().toLowerCase(Locale.ROOT) + " with labels " + new TreeSet<>(keys);
    String claimed =
        shapes.computeIfAbsent(
            name,
            n ->
                // Once per name: a name of the proxy's own meters is never an extension's.
                registry.find(n).meters().isEmpty() ? wanted : "the proxy's own metric");
    return claimed.equals(wanted)
        ? null
        : "the name is already " + claimed + " (wanted: " + wanted + ")";
  }

  /** Claims a series for {@code owner}; false when another owner holds it. */
  public boolean claim(Meter.Id id, Object owner) {
    Object held = series.putIfAbsent(id, owner);
    return held == null || held == owner;
  }

  /** Lets go of a series {@code owner} claimed. */
  public void release(Meter.Id id, Object owner) {
    series.remove(id, owner);
  }

  /** Whether a problem with {@code name} is to be logged: the first time only. */
  public boolean firstProblem(String name) {
    return logged.add(name);
  }
}

package dev.weft.proxy.outbound;

import dev.weft.proxy.metrics.MeterClaims;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The gauges and counters one balancer registers through its context, labelled {@code dst_service}
 * and {@code balancer} besides its own labels. They live as long as the balancer: {@link #close}
 * (the balancer closed or replaced) removes them all, and later registrations are ignored.
 *
 * <p>A name or label key Prometheus cannot take is refused with {@link IllegalArgumentException}:
 * that is the balancer's bug. A meter whose name is the proxy's own or was registered with other
 * label keys or another type (Prometheus requires one set of keys per name), or whose exact series
 * another balancer holds (the same service in another listener), is skipped and logged once per
 * name ({@link MeterClaims}), so the proxy goes on serving. Thread-safe.
 */
final class BalancerMeters {
  private static final Logger LOG = Logger.getLogger(BalancerMeters.class.getName());
  private static final Pattern NAME = Pattern.compile("weft_[a-z0-9_]+");
  private static final Pattern LABEL = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("dst_service", "balancer");

  private final MeterRegistry registry;
  private final String service;
  private final String provider;
  private final MeterClaims claims;
  private final Map<Key, Registered> meters = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  private record Key(Meter.Type type, String name, Tags tags) {}

  /** A meter and the value it reads, which registering it again replaces. */
  private static final class Registered {
    final String name;
    volatile DoubleSupplier value;
    Meter.Id claimed;
    Meter meter;
    boolean failed;

    Registered(String name, DoubleSupplier value) {
      this.name = name;
      this.value = value;
    }

    double read() {
      try {
        return value.getAsDouble();
      } catch (RuntimeException e) {
        // The SPI says a value never throws; a scrape must not fail because one did.
        if (!failed) {
          failed = true;
          LOG.warning(() -> "balancer metric " + name + " failed to read: " + e);
        }
        return Double.NaN;
      }
    }
  }

  BalancerMeters(MeterRegistry registry, MeterClaims claims, String service, String provider) {
    this.registry = registry;
    this.claims = claims;
    this.service = service;
    this.provider = provider;
  }

  void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    register(Meter.Type.GAUGE, name, help, labels, value);
  }

  void counter(String name, String help, Map<String, String> labels, DoubleSupplier value) {
    register(Meter.Type.COUNTER, name, help, labels, value);
  }

  private synchronized void register(
      Meter.Type type, String name, String help, Map<String, String> labels, DoubleSupplier value) {
    Objects.requireNonNull(value, "value");
    Tags tags = tags(name, labels);
    if (closed) {
      return;
    }
    Key key = new Key(type, name, tags);
    Registered known = meters.get(key);
    if (known != null) {
      known.value = value;
      return;
    }
    Set<String> keys = new HashSet<>();
    tags.forEach(t -> keys.add(t.getKey()));
    String conflict = claims.shape(name, type, keys);
    Meter.Id id = new Meter.Id(name, tags, null, null, type);
    if (conflict == null && !claims.claim(id, this)) {
      conflict = "the series " + tags + " is already another balancer's";
    }
    if (conflict != null) {
      String why = conflict;
      if (claims.firstProblem(name)) {
        LOG.warning(() ->
            "balancer "
                + provider
                + " of "
                + service
                + ": metric "
                + name
                + " not exported: "
                + why);
      }
      return;
    }
    Registered r = new Registered(name, value);
    r.claimed = id;
    String description = help == null ? "" : help;
    r.meter =
        type == Meter.Type.GAUGE
            ? Gauge.builder(name, r, Registered::read)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry)
            : FunctionCounter.builder(name, r, Registered::read)
                .description(description)
                .tags(tags)
                .register(registry);
    meters.put(key, r);
  }

  private Tags tags(String name, Map<String, String> labels) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name: '" + name + "' (expected: weft_ then [a-z0-9_], e.g. weft_hazl_load)");
    }
    Map<String, String> sorted = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (k == null || !LABEL.matcher(k).matches() || RESERVED.contains(k)) {
        throw new IllegalArgumentException(
            "label of "
                + name
                + ": '"
                + k
                + "' (expected: [a-z_][a-z0-9_]*, not dst_service or balancer, which the proxy"
                + " sets)");
      }
      sorted.put(k, Objects.requireNonNull(v, () -> "label " + k + " of " + name));
    });
    Tags tags = Tags.of("dst_service", service, "balancer", provider);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      tags = tags.and(e.getKey(), e.getValue());
    }
    return tags;
  }

  /** Removes every meter registered; the balancer is closed or replaced. */
  synchronized void close() {
    closed = true;
    for (Registered r : meters.values()) {
      registry.remove(r.meter);
      claims.release(r.claimed, this);
    }
    meters.clear();
  }

  /** Meters registered and not removed; for tests. */
  synchronized int size() {
    return meters.size();
  }
}

package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Discovery's metrics: open Watch streams, updates sent by kind, services known, and the errors the
 * source currently reports (bad registry lines, invalid routes).
 */
public final class DiscoveryMetrics {
  private final AtomicInteger activeWatches = new AtomicInteger();
  private final Map<Update.KindCase, Counter> sent = new EnumMap<>(Update.KindCase.class);

  public DiscoveryMetrics(MeterRegistry registry, DiscoveryIndex index, IntSupplier sourceErrors) {
    Gauge.builder("weft.destination.watches.active", activeWatches, AtomicInteger::get)
        .description("Destination Watch streams open now")
        .register(registry);
    for (Update.KindCase kind : Update.KindCase.values()) {
      if (kind != Update.KindCase.KIND_NOT_SET) {
        sent.put(
            kind,
            Counter.builder("weft.destination.updates.sent")
                .description("Destination updates sent to proxies, by kind")
                .tag("kind", kind.name().toLowerCase())
                .register(registry));
      }
    }
    Gauge.builder("weft.discovery.services", index, DiscoveryIndex::size)
        .description("Services the control plane knows")
        .register(registry);
    // Micrometer holds gauge state weakly; the supplier is often a lambda nobody else keeps.
    Gauge.builder("weft.discovery.source.errors", sourceErrors, s -> s.getAsInt())
        .strongReference(true)
        .description("Errors the discovery source reports now (bad registry lines, invalid routes)")
        .register(registry);
  }

  void watchOpened() {
    activeWatches.incrementAndGet();
  }

  void watchClosed() {
    activeWatches.decrementAndGet();
  }

  void sent(Update update) {
    Counter counter = sent.get(update.getKindCase());
    if (counter != null) {
      counter.increment();
    }
  }
}

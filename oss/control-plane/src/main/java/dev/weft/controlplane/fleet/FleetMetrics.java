package dev.weft.controlplane.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * {@code weft_fleet_meshed_pods} and {@code weft_fleet_meshed_workloads}, counted when scraped (a
 * walk over the pod cache, cheap next to a scrape interval).
 */
public final class FleetMetrics {
  public FleetMetrics(MeterRegistry registry, Supplier<Fleet> fleet) {
    Gauge.builder("weft.fleet.meshed.pods", fleet, f -> f.get().meshedPods())
        .description("Pods (local mode: endpoints) running a Weft proxy")
        // Micrometer holds a gauge's object weakly; this supplier has no other owner.
        .strongReference(true)
        .register(registry);
    Gauge.builder("weft.fleet.meshed.workloads", fleet, f -> f.get().meshedWorkloads())
        .description("Workloads with at least one pod running a Weft proxy")
        .strongReference(true)
        .register(registry);
  }
}

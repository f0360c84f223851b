package dev.weft.controlplane.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code weft_fleet_inventory_instances} (running instances, counted when scraped), {@code
 * weft_fleet_heartbeats_total{result=ok|invalid|refused}}, and the posture store's size: {@code
 * weft_fleet_posture_edge_entries} and {@code weft_fleet_posture_samples_dropped_total}.
 */
public final class InventoryMetrics {
  private final Counter ok;
  private final Counter invalid;
  private final Counter refused;

  public InventoryMetrics(MeterRegistry registry, FleetInventory inventory) {
    Gauge.builder("weft.fleet.inventory.instances", inventory, FleetInventory::runningInstances)
        .description("Instances that reported a heartbeat within three intervals")
        .strongReference(true)
        .register(registry);
    Gauge.builder("weft.fleet.posture.edge.entries", inventory, FleetInventory::storedEdgeEntries)
        .description("Edge entries the posture samples of all instances hold")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(
            "weft.fleet.posture.samples.dropped", inventory, FleetInventory::samplesDropped)
        .description("Posture samples dropped, oldest first, to keep the fleet's bound")
        .register(registry);
    ok = heartbeats(registry, "ok");
    invalid = heartbeats(registry, "invalid");
    refused = heartbeats(registry, "refused");
  }

  private static Counter heartbeats(MeterRegistry registry, String result) {
    return Counter.builder("weft.fleet.heartbeats")
        .description("Heartbeats the Inventory service answered, by outcome")
        .tag("result", result)
        .register(registry);
  }

  void ok() {
    ok.increment();
  }

  void invalid() {
    invalid.increment();
  }

  void refused() {
    refused.increment();
  }
}

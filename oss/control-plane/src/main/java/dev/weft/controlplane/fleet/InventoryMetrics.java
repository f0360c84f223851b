package dev.weft.controlplane.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code weft_fleet_inventory_instances} (running instances, counted when scraped), {@code
 * weft_fleet_heartbeats_total{result=ok|invalid|refused}}, and the posture store's size: {@code
 * weft_fleet_posture_edge_entries} and {@code weft_fleet_posture_samples_dropped_total}; and {@code
 * weft_fleet_identity_proofs_total{result=verified|refused|absent}}.
 */
public final class InventoryMetrics {
  private final Counter ok;
  private final Counter invalid;
  private final Counter refused;
  private final Counter proofVerified;
  private final Counter proofRefused;
  private final Counter proofAbsent;

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
    proofVerified = proofs(registry, "verified");
    proofRefused = proofs(registry, "refused");
    proofAbsent = proofs(registry, "absent");
  }

  private static Counter proofs(MeterRegistry registry, String result) {
    return Counter.builder("weft.fleet.identity.proofs")
        .description("Identities of accepted heartbeats, by what their proof showed")
        .tag("result", result)
        .register(registry);
  }

  void proof(IdentityProofCheck.Verdict verdict) {
    if (verdict.verified()) {
      proofVerified.increment();
    } else if (verdict.problem() != null) {
      proofRefused.increment();
    } else {
      proofAbsent.increment();
    }
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

package dev.weft.controlplane.fleet;

import static java.util.Objects.requireNonNull;

import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.InventoryGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * {@code weft.fleet.v1.Inventory}: takes heartbeats into the {@link FleetInventory}. The one place
 * its failures become gRPC statuses: a heartbeat out of bounds is INVALID_ARGUMENT naming the
 * field, a new instance while the inventory is full RESOURCE_EXHAUSTED.
 */
public final class InventoryService extends InventoryGrpc.InventoryImplBase {
  private final FleetInventory inventory;
  private final InventoryMetrics metrics;
  private final IdentityProofCheck proofs;

  public InventoryService(
      FleetInventory inventory, InventoryMetrics metrics, IdentityProofCheck proofs) {
    this.inventory = requireNonNull(inventory, "inventory");
    this.metrics = requireNonNull(metrics, "metrics");
    this.proofs = requireNonNull(proofs, "proofs");
  }

  @Override
  public void report(Heartbeat heartbeat, StreamObserver<HeartbeatReply> reply) {
    String problem = HeartbeatCheck.problem(heartbeat);
    if (problem != null) {
      metrics.invalid();
      reply.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
      return;
    }
    // A proof that fails leaves the identity unverified (and is logged), not the heartbeat lost.
    IdentityProofCheck.Verdict verdict = proofs.check(heartbeat);
    boolean sendSbom;
    try {
      sendSbom = inventory.report(heartbeat, verdict);
    } catch (InventoryFullException e) {
      metrics.refused();
      reply.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    metrics.ok();
    metrics.proof(verdict);
    reply.onNext(
        HeartbeatReply.newBuilder()
            .setIntervalSeconds(inventory.intervalSeconds())
            .setSendSbom(sendSbom)
            .build());
    reply.onCompleted();
  }
}

package dev.weft.controlplane.fleet;

import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.InventoryGrpc;
import dev.weft.controlplane.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An inventory behind the Inventory service on a plaintext gRPC port of 127.0.0.1, and a client of
 * it: what a proxy's reporter sees.
 */
final class InventoryTestServer implements AutoCloseable {
  static final String SHA = "ab".repeat(32);
  static final Instant STARTED = Instant.parse("2026-11-23T08:00:00Z");

  final FleetInventory inventory;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The trust anchors identity proofs are checked against: none until a test adds some. */
  final List<X509Certificate> anchors = new CopyOnWriteArrayList<>();

  private final GrpcServer server;
  private final ManagedChannel channel;

  InventoryTestServer(Clock clock, String mode, Supplier<List<ProxyPod>> pods) {
    inventory = inventory(clock, mode, pods);
    server =
        GrpcServer.start(
            "127.0.0.1",
            0,
            new InventoryService(
                inventory,
                new InventoryMetrics(registry, inventory),
                new IdentityProofCheck(() -> anchors, clock)));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  /** An inventory asking for heartbeats every 30 s, in a control plane named cp-0. */
  static FleetInventory inventory(Clock clock, String mode, Supplier<List<ProxyPod>> pods) {
    return inventory(clock, mode, pods, FleetInventory.MAX_STORED_EDGES);
  }

  /** The same, with posture samples bounded to {@code maxStoredEdges} edge entries. */
  static FleetInventory inventory(
      Clock clock, String mode, Supplier<List<ProxyPod>> pods, long maxStoredEdges) {
    return new FleetInventory(
        clock,
        Duration.ofSeconds(30),
        mode,
        new SelfComponent(
            "cp-0",
            "0.1.0",
            null,
            "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local",
            "weft",
            STARTED,
            Optional.empty()),
        pods,
        maxStoredEdges);
  }

  HeartbeatReply report(Heartbeat heartbeat) {
    return InventoryGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .report(heartbeat);
  }

  double heartbeats(String result) {
    return registry.get("weft.fleet.heartbeats").tag("result", result).counter().count();
  }

  /** A proxy's heartbeat: instance in namespace {@code ns} as service account {@code sa}. */
  static Heartbeat.Builder proxy(String instance, String sa, String ns) {
    return Heartbeat.newBuilder()
        .setInstance(instance)
        .setComponent("proxy")
        .setVersion("0.1.0")
        .setSha256(SHA)
        .setIdentity(sa + "." + ns + ".serviceaccount.identity.weft.cluster.local")
        .setZone("zone-a")
        .setStartedAt(Timestamp.newBuilder().setSeconds(STARTED.getEpochSecond()));
  }

  static Edge edge(
      String direction, String target, String peer, long connections, Map<String, Long> requests) {
    return Edge.newBuilder()
        .setDirection(direction)
        .setTargetAddr(target)
        .setTls(!peer.isEmpty())
        .setPeerIdentity(peer)
        .setConnections(connections)
        .putAllRequests(requests)
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}

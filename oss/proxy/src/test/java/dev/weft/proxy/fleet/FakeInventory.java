package dev.weft.proxy.fleet;

import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.InventoryGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's Inventory service on 127.0.0.1: keeps every heartbeat and answers with the
 * reply the test sets. Stops and starts again on the same port, as a restarted control plane.
 */
final class FakeInventory implements AutoCloseable {
  final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  volatile HeartbeatReply reply = HeartbeatReply.newBuilder().setIntervalSeconds(60).build();

  /** The answer to a heartbeat carrying an SBOM, when set; else {@link #reply}. */
  volatile HeartbeatReply replyToSbom;

  private final int port;
  private Server server;

  FakeInventory() throws IOException {
    server = start(0);
    port = server.getPort();
  }

  private Server start(int p) throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", p))
        .addService(
            new InventoryGrpc.InventoryImplBase() {
              @Override
              public void report(Heartbeat h, StreamObserver<HeartbeatReply> out) {
                heartbeats.add(h);
                HeartbeatReply toSbom = replyToSbom;
                out.onNext(toSbom != null && !h.getSbom().isEmpty() ? toSbom : reply);
                out.onCompleted();
              }
            })
        .build()
        .start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  int count() {
    return heartbeats.size();
  }

  Heartbeat last() {
    return heartbeats.getLast();
  }

  /** Closes the port and every connection, as a control plane that went away. */
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Listens again on the same port. */
  void restart() throws IOException {
    server = start(port);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}

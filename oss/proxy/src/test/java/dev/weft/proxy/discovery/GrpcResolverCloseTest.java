package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.EndpointsAdded;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.testkit.Await;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a resolver while the control plane streams updates at it: every update in flight is still
 * let go (the class-wide Netty leak check fails this class otherwise), and none reaches a listener
 * once the resolver closed.
 */
class GrpcResolverCloseTest {
  private Server server;
  private final AtomicInteger streams = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new DestinationGrpc.DestinationImplBase() {
                  @Override
                  public void watch(WatchRequest request, StreamObserver<Update> out) {
                    streams.incrementAndGet();
                    ServerCallStreamObserver<Update> call = (ServerCallStreamObserver<Update>) out;
                    AtomicInteger port = new AtomicInteger(7000);
                    // As fast as the client's flow control lets it: the client always has
                    // updates on the wire and queued when it closes.
                    call.setOnReadyHandler(() -> {
                      while (call.isReady() && !call.isCancelled()) {
                        call.onNext(update(port.getAndIncrement()));
                      }
                    });
                    call.setOnCancelHandler(() -> {});
                  }
                })
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow().awaitTermination();
  }

  @Test
  void closingWhileUpdatesStreamLetsEveryUpdateGo() throws Exception {
    for (int round = 0; round < 10; round++) {
      Counting books = new Counting();
      Counting authors = new Counting();
      GrpcResolver resolver =
          new GrpcResolver(
              new InetSocketAddress("127.0.0.1", server.getPort()),
              ControlPlaneChannels.plaintext(),
              "",
              "");
      resolver.watch("books:80", books);
      resolver.watch("authors:80", authors);
      Await.until(
          () -> books.updates.get() >= 10 && authors.updates.get() >= 10,
          "updates streaming in on both watches");
      resolver.close();
    }
    assertEquals(20, streams.get(), "every round opened both streams, once each");
  }

  private static Update update(int port) {
    return Update.newBuilder()
        .setAdd(
            EndpointsAdded.newBuilder()
                .addEndpoints(
                    Endpoint.newBuilder()
                        .setAddress(Address.newBuilder().setIp("127.0.0.1").setPort(port))
                        .setReady(true)))
        .build();
  }

  private static final class Counting implements ServiceListener {
    final AtomicInteger updates = new AtomicInteger();

    @Override
    public void endpoints(Map<InetSocketAddress, EndpointSpec> endpoints) {
      updates.incrementAndGet();
    }

    @Override
    public void policy(ServicePolicy policy) {}

    @Override
    public void noSuchService(String reason) {}
  }
}

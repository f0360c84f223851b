package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.EndpointsAdded;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.proxy.controlplane.ControlPlaneTlsConfig;
import dev.weft.proxy.tls.TestCa;
import dev.weft.testkit.Await;
import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Destination's Watch over TLS: the control plane's identity is checked before a name is sent. */
class GrpcResolverTlsTest {
  static final String CONTROL_PLANE =
      "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local";

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("mesh");
  private final List<String> watched = new CopyOnWriteArrayList<>();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(GrpcResolver.class.getName());
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Server server;
  private Path trust;

  @BeforeEach
  void start() throws Exception {
    TestCa.Leaf serving = ca.leaf(CONTROL_PLANE);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.configure(
                        SslContextBuilder.forServer(serving.key(), serving.chain()),
                        SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .build())
            .addService(
                new DestinationGrpc.DestinationImplBase() {
                  @Override
                  public void watch(WatchRequest request, StreamObserver<Update> out) {
                    watched.add(request.getName());
                    out.onNext(
                        Update.newBuilder()
                            .setAdd(
                                EndpointsAdded.newBuilder()
                                    .addEndpoints(
                                        Endpoint.newBuilder()
                                            .setAddress(
                                                Address.newBuilder()
                                                    .setIp("127.0.0.1")
                                                    .setPort(7000))
                                            .setReady(true)))
                            .build());
                  }
                })
            .build()
            .start();
    trust = dir.resolve("trust-bundle.pem");
    Files.writeString(trust, TestCa.pem(ca.root()));
    logger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(handler);
    server.shutdownNow();
  }

  @Test
  void watchesOverTlsWhenTheServerNamesTheExpectedIdentity() throws Exception {
    Endpoints seen = new Endpoints();
    try (GrpcResolver resolver = resolver(CONTROL_PLANE);
        AutoCloseable watch = resolver.watch("books:80", seen)) {
      Await.until(
          () ->
              seen.last.keySet().equals(java.util.Set.of(new InetSocketAddress("127.0.0.1", 7000))),
          "the endpoints over TLS");
    }
    assertEquals(List.of("books:80"), watched);
  }

  @Test
  void logsTheExpectedAndPresentedIdentityOfAnImpostor() throws Exception {
    String expected = "weft-control-plane.prod.serviceaccount.identity.weft.cluster.local";
    Endpoints seen = new Endpoints();
    try (GrpcResolver resolver = resolver(expected);
        AutoCloseable watch = resolver.watch("books:80", seen)) {
      Await.until(
          () ->
              logged.stream()
                  .anyMatch(m ->
                      m.contains("presented identity " + CONTROL_PLANE)
                          && m.contains("expected: " + expected)),
          "a log line naming both identities");
    }
    assertEquals(List.of(), watched, "the name was never sent");
    assertTrue(seen.last.isEmpty());
  }

  private GrpcResolver resolver(String expected) {
    return new GrpcResolver(
        new InetSocketAddress("127.0.0.1", server.getPort()),
        ControlPlaneChannels.create(new ControlPlaneTlsConfig(expected, trust)),
        "",
        "");
  }

  private static final class Endpoints implements ServiceListener {
    volatile Map<InetSocketAddress, EndpointSpec> last = Map.of();

    @Override
    public void endpoints(Map<InetSocketAddress, EndpointSpec> endpoints) {
      last = endpoints;
    }

    @Override
    public void policy(ServicePolicy policy) {}

    @Override
    public void noSuchService(String reason) {}
  }
}

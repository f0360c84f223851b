package dev.weft.controlplane;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's gRPC server on its own port (TLS, or plaintext HTTP/2 when no context is
 * given): Identity, Destination and Inventory share it, so a proxy needs one address. Calls run on
 * virtual threads because a Certify may block on a TokenReview.
 */
public final class GrpcServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService executor;

  private GrpcServer(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and serves {@code services} in plaintext. */
  public static GrpcServer start(String host, int port, BindableService... services) {
    return start(host, port, null, services);
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving {@code services}, over TLS
   * with {@code tls} unless it is null.
   */
  public static GrpcServer start(
      String host, int port, SslContext tls, BindableService... services) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("identity port: " + port + " (expected: 0..65535)");
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .executor(executor)
            // Inventory heartbeats carry an SBOM (up to 4 MiB) and up to 2,000 edges.
            .maxInboundMessageSize(8 * 1024 * 1024)
            // Proxies ping every 30 s to notice a control plane that vanished under a
            // long-lived Watch; the default (one ping per 5 min) answers that with GOAWAY
            // too_many_pings, dropping every watch of the proxy.
            .permitKeepAliveTime(20, TimeUnit.SECONDS);
    if (tls != null) {
      builder.sslContext(tls);
    }
    for (BindableService service : services) {
      builder.addService(service);
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdown();
      throw new UncheckedIOException(
          "cannot listen for gRPC (Identity, Destination, Inventory) on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
    return new GrpcServer(server, executor);
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
  }
}

package dev.weft.controlplane.identity;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Identity gRPC server on its own port (plaintext HTTP/2). Calls run on virtual threads because
 * a Certify may block on a TokenReview.
 */
public final class IdentityServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService executor;

  private IdentityServer(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving {@code service}. */
  public static IdentityServer start(String host, int port, BindableService service) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("identity port: " + port + " (expected: 0..65535)");
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .executor(executor)
            .addService(service)
            .maxInboundMessageSize(64 * 1024)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdown();
      throw new UncheckedIOException(
          "cannot listen for the Identity service on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    return new IdentityServer(server, executor);
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

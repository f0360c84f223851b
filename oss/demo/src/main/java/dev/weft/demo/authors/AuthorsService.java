package dev.weft.demo.authors;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC service {@code weft.demo.v1.Authors}, plaintext HTTP/2 on 127.0.0.1. */
public final class AuthorsService implements AutoCloseable {
  private final Server server;

  private AuthorsService(Server server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  public static AuthorsService start(int port) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .addService(new AuthorDirectory())
            .build()
            .start();
    return new AuthorsService(server);
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
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
  }
}

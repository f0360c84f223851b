package dev.weft.proxy.http2;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A plaintext gRPC server on 127.0.0.1 that counts the connections it accepted. */
public final class GrpcUpstream implements AutoCloseable {
  private final AtomicInteger transports = new AtomicInteger();
  private final Server server;

  private GrpcUpstream(UnaryOperator<NettyServerBuilder> tune, ServerServiceDefinition... services)
      throws IOException {
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addTransportFilter(
                new ServerTransportFilter() {
                  @Override
                  public Attributes transportReady(Attributes attrs) {
                    transports.incrementAndGet();
                    return attrs;
                  }
                });
    for (ServerServiceDefinition s : services) {
      b.addService(s);
    }
    server = tune.apply(b).build().start();
  }

  public static GrpcUpstream start(ServerServiceDefinition... services) throws IOException {
    return new GrpcUpstream(UnaryOperator.identity(), services);
  }

  /** As {@link #start}, with server settings changed by {@code tune}. */
  static GrpcUpstream start(
      UnaryOperator<NettyServerBuilder> tune, ServerServiceDefinition... services)
      throws IOException {
    return new GrpcUpstream(tune, services);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getListenSockets().getFirst();
  }

  /** Connections accepted so far. */
  public int transportsOpened() {
    return transports.get();
  }

  /** A plaintext (h2c prior knowledge) channel to {@code target}, never through an HTTP proxy. */
  public static ManagedChannel channel(InetSocketAddress target) {
    return channel(target, UnaryOperator.identity());
  }

  static ManagedChannel channel(InetSocketAddress target, UnaryOperator<NettyChannelBuilder> tune) {
    return tune.apply(
            NettyChannelBuilder.forAddress(target).usePlaintext().proxyDetector(addr -> null))
        .build();
  }

  public static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

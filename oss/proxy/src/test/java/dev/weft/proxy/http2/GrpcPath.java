package dev.weft.proxy.http2;

import dev.weft.proxy.TestProxy;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.function.UnaryOperator;

/**
 * A gRPC client channel, through a proxy, to an upstream server: the path every gRPC test drives.
 * Closing it closes all three, client first.
 */
record GrpcPath(GrpcUpstream upstream, TestProxy proxy, ManagedChannel channel)
    implements AutoCloseable {

  /** A proxy in front of {@code upstream} and a default client channel to the proxy. */
  static GrpcPath through(GrpcUpstream upstream) throws InterruptedException {
    return through(upstream, UnaryOperator.identity());
  }

  /** As above, with the client channel tuned by {@code tune}. */
  static GrpcPath through(GrpcUpstream upstream, UnaryOperator<NettyChannelBuilder> tune)
      throws InterruptedException {
    TestProxy proxy = TestProxy.start(upstream.address());
    return new GrpcPath(upstream, proxy, GrpcUpstream.channel(proxy.address(), tune));
  }

  @Override
  public void close() throws InterruptedException {
    GrpcUpstream.close(channel);
    proxy.close();
    upstream.close();
  }
}

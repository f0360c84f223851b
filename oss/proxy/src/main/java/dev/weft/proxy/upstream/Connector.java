package dev.weft.proxy.upstream;

import dev.weft.proxy.metrics.ConnectionMetricsHandler;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens upstream connections on the caller's event loop, so that a proxied connection and its
 * upstream never hand data across threads. Every connection is counted in its target's {@code
 * peer="dst"} meters.
 */
public final class Connector {
  /** Per-connection outbound buffer bounds: above the high mark the peer stops reading. */
  public static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final Transport transport;
  private final int connectTimeoutMillis;

  public Connector(Transport transport, Duration connectTimeout) {
    this.transport = transport;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }

  /**
   * Connects to {@code target}; {@code pipeline} adds the protocol handlers after the metrics
   * handler. The channel starts with auto-read off: the caller turns it on when it is ready.
   */
  public ChannelFuture connect(
      EventLoop loop, InetSocketAddress target, TargetMetrics metrics, Consumer<Channel> pipeline) {
    return connect(loop, target, metrics, false, pipeline);
  }

  /**
   * As {@link #connect(EventLoop, InetSocketAddress, TargetMetrics, Consumer)}; with {@code
   * halfClosure} the end of the upstream's output is an event rather than the end of the channel,
   * which only an opaque relay wants.
   */
  public ChannelFuture connect(
      EventLoop loop,
      InetSocketAddress target,
      TargetMetrics metrics,
      boolean halfClosure,
      Consumer<Channel> pipeline) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.channel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(initializer(metrics, pipeline))
        .connect(target);
  }

  private static ChannelHandler initializer(TargetMetrics metrics, Consumer<Channel> pipeline) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast("tcp-metrics", new ConnectionMetricsHandler(metrics.dst()));
        pipeline.accept(ch);
      }
    };
  }
}

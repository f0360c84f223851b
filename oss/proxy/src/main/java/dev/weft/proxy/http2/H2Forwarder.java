package dev.weft.proxy.http2;

import dev.weft.proxy.listen.DrainEvent;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP/2 side of one listener: installs the server stack (one child channel per stream) on a
 * connection that sent the HTTP/2 preface, and relays each stream to a stream on a shared,
 * multiplexed upstream connection of the same event loop. Thread-safe.
 */
public final class H2Forwarder {
  /** Stream and connection flow-control window the proxy advertises. */
  static final int WINDOW = 1024 * 1024;

  private final Connector connector;
  private final InetSocketAddress target;
  private final String targetText;
  private final TargetMetrics metrics;
  private final long drainMillis;
  private final ConcurrentMap<EventLoop, H2Upstream> upstreams = new ConcurrentHashMap<>();

  public H2Forwarder(
      Connector connector, InetSocketAddress target, TargetMetrics metrics, Duration drainTimeout) {
    this.connector = connector;
    this.target = target;
    this.targetText = target.getAddress().getHostAddress() + ":" + target.getPort();
    this.metrics = metrics;
    this.drainMillis = drainTimeout.toMillis();
  }

  /** Adds the HTTP/2 server stack to a connection's pipeline, after {@code after}. */
  public void install(ChannelPipeline p, String after) {
    p.addAfter(after, "h2-drain", new DrainOnEvent());
    p.addAfter(
        "h2-drain",
        "h2-codec",
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .initialWindowSize(WINDOW)
                    .maxHeaderListSize(64 * 1024))
            .gracefulShutdownTimeoutMillis(drainMillis)
            .autoAckPingFrame(true)
            .build());
    H2Upstream upstream = upstream(p.channel().eventLoop());
    p.addAfter(
        "h2-codec",
        "h2-multiplex",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast("h2-stream", new H2StreamRelay(H2Forwarder.this, upstream));
              }
            }));
  }

  private H2Upstream upstream(EventLoop loop) {
    return upstreams.computeIfAbsent(loop, l -> new H2Upstream(l, connector, target, metrics));
  }

  TargetMetrics metrics() {
    return metrics;
  }

  String targetText() {
    return targetText;
  }

  /**
   * On a drain, or when the client stops sending, closes the connection gracefully: the codec sends
   * GOAWAY with the last stream it accepted and waits, up to the drain timeout, for the streams in
   * flight to end.
   */
  private static final class DrainOnEvent extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == DrainEvent.INSTANCE
          || evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
        ctx.channel().close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}

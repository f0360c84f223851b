package dev.weft.proxy.http2;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.transport.Reading;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The multiplexed HTTP/2 connection to one target from one event loop. Streams are opened on it
 * while it lives, has not received GOAWAY and has room under the server's stream limit; otherwise a
 * new connection takes over and the old one finishes its streams. Confined to its loop.
 */
final class H2Upstream {
  private final EventLoop loop;
  private final Connector connector;
  private final Target target;
  private final TargetMetrics metrics;
  private final Supplier<TlsContexts> tls;
  private final TlsMetrics tlsMetrics;
  private Channel conn;
  private Http2FrameCodec codec;
  private List<Runnable> waiting;
  private Throwable connectFailure;

  H2Upstream(
      EventLoop loop,
      Connector connector,
      Target target,
      TargetMetrics metrics,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {
    this.loop = loop;
    this.connector = connector;
    this.target = target;
    this.metrics = metrics;
    this.tls = tls;
    this.tlsMetrics = tlsMetrics;
  }

  /** Opens a stream with {@code handler}; {@code done} gets the stream or the reason it failed. */
  void open(ChannelHandler handler, BiConsumer<Http2StreamChannel, Throwable> done) {
    assert loop.inEventLoop();
    if (usable()) {
      new Http2StreamChannelBootstrap(conn)
          .handler(handler)
          .open()
          .addListener(f -> {
            if (f.isSuccess()) {
              done.accept((Http2StreamChannel) f.getNow(), null);
            } else {
              done.accept(null, f.cause());
            }
          });
      return;
    }
    if (waiting == null) {
      waiting = new ArrayList<>();
      connect();
    }
    waiting.add(() -> {
      if (connectFailure != null) {
        done.accept(null, connectFailure);
      } else {
        open(handler, done);
      }
    });
  }

  /**
   * Closes the connection gracefully (GOAWAY; streams under way finish) because its target left the
   * service. A later {@link #open} connects again.
   */
  void retire() {
    assert loop.inEventLoop();
    if (conn != null) {
      conn.close();
      conn = null;
    }
  }

  private boolean usable() {
    return conn != null
        && conn.isActive()
        && !codec.connection().goAwayReceived()
        && codec.connection().local().canOpenStream();
  }

  private void connect() {
    Http2FrameCodec c =
        Http2FrameCodecBuilder.forClient()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .initialWindowSize(H2Forwarder.WINDOW)
                    .pushEnabled(false))
            .autoAckPingFrame(true)
            // Every cancellation a client sends is relayed as a reset: see H2Server.
            .decoderEnforceMaxRstFramesPerWindow(
                H2Server.MAX_RST_FRAMES, H2Server.RST_WINDOW_SECONDS)
            .encoderEnforceMaxRstFramesPerWindow(
                H2Server.MAX_RST_FRAMES, H2Server.RST_WINDOW_SECONDS)
            .build();
    Consumer<Channel> stack =
        ch -> {
          ch.pipeline().addLast("h2-codec", c);
          ch.pipeline().addLast("h2-multiplex", new Http2MultiplexHandler(new RefusePush()));
          ch.pipeline().addLast("h2-sink", new Sink());
        };
    Future<Channel> f =
        connector.connect(
            loop, target, metrics, TlsContexts::clientHttp, tls, tlsMetrics, false, stack);
    f.addListener(x -> {
      List<Runnable> w = waiting;
      waiting = null;
      if (f.isSuccess()) {
        conn = f.getNow();
        codec = c;
        connectFailure = null;
        Reading.resume(conn);
      } else {
        connectFailure = f.cause();
      }
      w.forEach(Runnable::run);
      connectFailure = null;
    });
  }

  /** Servers do not push to a proxy that disabled push; if one does, the stream is dropped. */
  @ChannelHandler.Sharable
  private static final class RefusePush extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.channel().close();
    }
  }

  /**
   * Swallows connection-level frames (SETTINGS, PING, GOAWAY) that reach the end of the pipeline.
   */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}

package dev.weft.proxy.http2;

import dev.weft.proxy.listen.DrainEvent;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.function.Function;

/**
 * The HTTP/2 server stack of a client connection: one child channel per stream, each routed by its
 * {@code :authority} when its headers arrive. A stream that a peer proxy converted from HTTP/1.1
 * (it carries {@value #ORIG_PROTO}) is converted back and handed to the HTTP/1 stack.
 */
public final class H2Server {
  /** The header a proxy adds to a request it carries over HTTP/2 on behalf of an HTTP/1 client. */
  public static final String ORIG_PROTO = "weft-orig-proto";

  /** Installs the HTTP/1 server stack on a stream's pipeline, after the named handler. */
  public interface Http1Bridge {
    void install(ChannelPipeline stream, String after);
  }

  /** RST_STREAM frames a client may send within {@link #RST_WINDOW_SECONDS}. */
  static final int MAX_RST_FRAMES = 5_000;

  static final int RST_WINDOW_SECONDS = 10;

  private H2Server() {}

  /**
   * Adds the server stack after {@code after}.
   *
   * @param router a stream's target by its {@code :authority}; null when no route matches
   * @param connMetrics the meters of this connection's requests, or null to use the target's
   * @param bridge where converted HTTP/1 streams go, or null if none are expected
   */
  public static void install(
      ChannelPipeline p,
      String after,
      Function<CharSequence, H2Forwarder> router,
      TargetMetrics connMetrics,
      Http1Bridge bridge,
      long drainMillis) {
    install(p, after, router, null, connMetrics, bridge, drainMillis);
  }

  /**
   * As {@link #install(ChannelPipeline, String, Function, TargetMetrics, Http1Bridge, long)}, with
   * streams no fixed route takes sent to the discovered service their {@code :authority} names.
   */
  public static void install(
      ChannelPipeline p,
      String after,
      Function<CharSequence, H2Forwarder> router,
      Discovered discovered,
      TargetMetrics connMetrics,
      Http1Bridge bridge,
      long drainMillis) {
    p.addAfter(after, "h2-drain", new DrainOnEvent());
    p.addAfter(
        "h2-drain",
        "h2-codec",
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .initialWindowSize(H2Forwarder.WINDOW)
                    .maxHeaderListSize(64 * 1024))
            .gracefulShutdownTimeoutMillis(drainMillis)
            .autoAckPingFrame(true)
            // Netty's reset guards (200 RST_STREAM received, or sent, per 30 s by default) answer
            // GOAWAY ENHANCE_YOUR_CALM to a gRPC client whose deadlines cancel a few calls a
            // second, failing every call on the connection; and a proxy sends every reset its
            // upstream sends. A flood is thousands a second; cancellations under load are fewer.
            .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
            .encoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
            .build());
    p.addAfter(
        "h2-codec",
        "h2-multiplex",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline()
                    .addLast(
                        "h2-stream", new H2StreamStart(router, connMetrics, bridge, discovered));
              }
            }));
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

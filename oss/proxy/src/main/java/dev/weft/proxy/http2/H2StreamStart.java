package dev.weft.proxy.http2;

import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.Service;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Function;

/**
 * The first handler of a server stream: waits for the request headers, then replaces itself with
 * the relay to the stream's target, or with the HTTP/1 bridge for a converted request.
 */
final class H2StreamStart extends ChannelInboundHandlerAdapter {
  private final Function<CharSequence, H2Forwarder> router;
  private final TargetMetrics connMetrics;
  private final H2Server.Http1Bridge bridge;
  private final Discovered discovered;

  H2StreamStart(
      Function<CharSequence, H2Forwarder> router,
      TargetMetrics connMetrics,
      H2Server.Http1Bridge bridge,
      Discovered discovered) {
    this.router = router;
    this.connMetrics = connMetrics;
    this.bridge = bridge;
    this.discovered = discovered;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2HeadersFrame hf)) {
      // Nothing but headers can open a stream; the codec would have refused anything else.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (bridge != null && hf.headers().contains(H2Server.ORIG_PROTO)) {
      ctx.pipeline().addAfter(ctx.name(), "h1-bridge", new Http2StreamFrameToHttpObjectCodec(true));
      bridge.install(ctx.pipeline(), "h1-bridge");
    } else {
      CharSequence authority = hf.headers().authority();
      H2Forwarder target = router.apply(authority);
      Service service =
          target == null && discovered != null
              ? discovered.services().apply(authority == null ? "" : authority.toString())
              : null;
      if (service != null) {
        ctx.pipeline()
            .addAfter(ctx.name(), "h2-relay", new H2StreamRelay(service, discovered, connMetrics));
        ctx.fireChannelRead(msg);
        ctx.pipeline().remove(this);
        return;
      }
      ctx.pipeline()
          .addAfter(
              ctx.name(),
              "h2-relay",
              new H2StreamRelay(
                  target,
                  target == null ? null : target.upstream(ctx.channel().eventLoop()),
                  connMetrics));
    }
    ctx.fireChannelRead(msg);
    ctx.pipeline().remove(this);
  }
}

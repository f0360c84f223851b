package dev.weft.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;

/** The upstream half of a {@link H2StreamRelay}: hands what the upstream stream says back to it. */
final class H2ResponseRelay extends ChannelInboundHandlerAdapter {
  private final H2StreamRelay relay;
  private boolean detached;

  H2ResponseRelay(H2StreamRelay relay) {
    this.relay = relay;
  }

  /** The relay gave up this try (it is retried elsewhere): nothing more reaches the relay. */
  void detach() {
    detached = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (detached) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof Http2StreamFrame f) {
      relay.responseFrame(f);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!detached) {
      relay.responseReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!detached && ctx.channel().isWritable()) {
      relay.upstreamWritable();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!detached && evt instanceof Http2ResetFrame rst) {
      Http2Error code = Http2Error.valueOf(rst.errorCode());
      relay.upstreamReset(code == null ? Http2Error.CANCEL : code);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!detached) {
      relay.upstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

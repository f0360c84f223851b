package dev.weft.proxy.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream HTTP/1 connection: hands responses to the exchange that owns the
 * connection, or, while the connection is idle in its pool, treats anything it reads as the end of
 * the connection.
 */
final class Http1UpstreamHandler extends ChannelInboundHandlerAdapter {
  private final Http1Pool pool;
  private Http1Exchange exchange;
  private Channel channel;

  /** Since when the connection is idle in its pool (the pool's clock, {@link System#nanoTime}). */
  long idleSince;

  Http1UpstreamHandler(Http1Pool pool) {
    this.pool = pool;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  Channel channel() {
    return channel;
  }

  void attach(Http1Exchange e) {
    this.exchange = e;
  }

  void detach() {
    this.exchange = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange != null) {
      exchange.upstreamRead(msg);
    } else {
      // An idle keep-alive connection has nothing to say; a server that speaks anyway is broken.
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.upstreamWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      Http1Exchange e = exchange;
      exchange = null;
      e.upstreamClosed();
    } else {
      pool.remove(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

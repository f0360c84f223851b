package dev.weft.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a connection's opening, bytes and closing; sits first in the pipeline so it sees raw
 * bytes. A connection that saw an exception closes as {@code classification="failure"}; the
 * exception goes on to the protocol handler, which decides what the peer is told.
 */
public final class ConnectionMetricsHandler extends ChannelDuplexHandler {
  private final TcpMetrics m;
  private boolean opened;
  private boolean failed;

  public ConnectionMetricsHandler(TcpMetrics metrics) {
    this.m = metrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      open();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    open();
    ctx.fireChannelActive();
  }

  private void open() {
    if (!opened) {
      opened = true;
      m.opened.increment();
      m.open.incrementAndGet();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      m.readBytes.increment(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      m.writeBytes.increment(b.readableBytes());
    } else if (msg instanceof ByteBufHolder h) {
      m.writeBytes.increment(h.content().readableBytes());
    }
    ctx.write(msg, promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failed = true;
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (opened) {
      opened = false;
      m.open.decrementAndGet();
      (failed ? m.closedFailed : m.closedOk).increment();
    }
    ctx.fireChannelInactive();
  }
}

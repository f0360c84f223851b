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
  private TcpMetrics m;
  private final ByteTally tally;
  private boolean deferred;
  private long pendingRead;
  private long pendingWritten;
  private boolean opened;
  private boolean failed;

  public ConnectionMetricsHandler(TcpMetrics metrics) {
    this(metrics, null);
  }

  /**
   * As {@link #ConnectionMetricsHandler(TcpMetrics)}, also counting the bytes in {@code tally}
   * (null: none). Only upstream connections have one, and they are never deferred.
   */
  public ConnectionMetricsHandler(TcpMetrics metrics, ByteTally tally) {
    this.m = metrics;
    this.tally = tally;
  }

  /**
   * A handler whose meters are chosen later, with {@link #bind}, once the connection's labels are
   * known (after a TLS handshake names the client, say). Until then it only remembers what it saw;
   * a connection that closes unbound is counted in {@code fallback}.
   */
  public static ConnectionMetricsHandler deferred(TcpMetrics fallback) {
    ConnectionMetricsHandler h = new ConnectionMetricsHandler(fallback, null);
    h.deferred = true;
    return h;
  }

  /** Chooses the meters of a deferred handler; later calls are ignored. On the event loop. */
  public void bind(TcpMetrics metrics) {
    if (!deferred) {
      return;
    }
    deferred = false;
    m = metrics;
    if (opened) {
      opened = false;
      open();
    }
    m.readBytes.increment(pendingRead);
    m.writeBytes.increment(pendingWritten);
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
      if (!deferred) {
        m.opened.increment();
        m.open.incrementAndGet();
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      if (deferred) {
        pendingRead += b.readableBytes();
      } else {
        int n = b.readableBytes();
        m.readBytes.increment(n);
        if (tally != null) {
          tally.received(n);
        }
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long n =
        msg instanceof ByteBuf b
            ? b.readableBytes()
            : msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    if (deferred) {
      pendingWritten += n;
    } else if (n > 0) {
      m.writeBytes.increment(n);
      if (tally != null) {
        tally.sent(n);
      }
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
    bind(m);
    if (opened) {
      opened = false;
      m.open.decrementAndGet();
      (failed ? m.closedFailed : m.closedOk).increment();
    }
    ctx.fireChannelInactive();
  }
}

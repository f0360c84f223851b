package dev.weft.proxy.tcp;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.transport.Reading;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwards an accepted connection as opaque TCP: connects to the target, relays what arrived while
 * connecting, then hands over to a {@link TcpRelay} pair. If the connect fails the client's
 * connection is closed: opaque TCP has no way to say why, so the reason is logged.
 */
public final class TcpForwardHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(TcpForwardHandler.class.getName());

  private final Connector connector;
  private final Target target;
  private final TargetMetrics metrics;
  private final Supplier<TlsContexts> tls;
  private final TlsMetrics tlsMetrics;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private boolean inputShutdown;

  public TcpForwardHandler(Connector connector, InetSocketAddress target, TargetMetrics metrics) {
    this(connector, new Target(target, null), metrics, null, null);
  }

  /**
   * Forwards to {@code target}; a meshed target is reached over mTLS (with no ALPN, which tells the
   * peer proxy to detect the protocol inside), with {@code tls}'s current contexts.
   */
  public TcpForwardHandler(
      Connector connector,
      Target target,
      TargetMetrics metrics,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {
    this.connector = connector;
    this.target = target;
    this.metrics = metrics;
    this.tls = tls;
    this.tlsMetrics = tlsMetrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Channel client = ctx.channel();
    Reading.pause(client);
    Future<Channel> f =
        connector.connect(
            client.eventLoop(),
            target,
            metrics,
            TlsContexts::clientOpaque,
            tls,
            tlsMetrics,
            true,
            ch -> {});
    f.addListener(done -> {
      if (!done.isSuccess()) {
        LOG.log(
            Level.INFO,
            () -> "tcp: " + client.remoteAddress() + " -> " + target + ": " + done.cause());
        drop();
        client.close();
        return;
      }
      Channel upstream = f.getNow();
      if (!client.isActive()) {
        drop();
        upstream.close();
        return;
      }
      for (Object m; (m = pending.poll()) != null; ) {
        upstream.write(m, upstream.voidPromise());
      }
      upstream.flush();
      ctx.pipeline().remove(this);
      TcpRelay.join(client, upstream);
      if (inputShutdown) {
        client
            .pipeline()
            .fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pending.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
      inputShutdown = true;
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    drop();
  }

  private void drop() {
    for (Object m; (m = pending.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }
}

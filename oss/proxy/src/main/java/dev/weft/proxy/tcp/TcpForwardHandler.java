package dev.weft.proxy.tcp;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Connections;
import dev.weft.proxy.outbound.Dispatch;
import dev.weft.proxy.outbound.Endpoint;
import dev.weft.proxy.outbound.OutboundTargets;
import dev.weft.proxy.outbound.Service;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.transport.Reading;
import dev.weft.proxy.upstream.Connector;
import dev.weft.spi.balancer.Outcome;
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
  private final Service service;
  private final OutboundTargets targets;
  private Dispatch dispatch;
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
    this.service = null;
    this.targets = null;
  }

  /**
   * Forwards to an endpoint of {@code service} its balancer picks for this connection (another one
   * if the connect fails, within the service's retry budget).
   */
  public TcpForwardHandler(
      Connector connector,
      Service service,
      OutboundTargets targets,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {
    this.connector = connector;
    this.target = null;
    this.metrics = null;
    this.tls = tls;
    this.tlsMetrics = tlsMetrics;
    this.service = service;
    this.targets = targets;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Channel client = ctx.channel();
    Reading.pause(client);
    if (service == null) {
      connect(ctx, connector, target, metrics);
      return;
    }
    Dispatch.start(
        targets,
        service,
        "",
        "",
        h -> null,
        client.eventLoop(),
        d -> {
          dispatch = d;
          // The endpoint is told how the connection went when it ends, however it ends.
          client.closeFuture().addListener(x -> d.ended(Outcome.Kind.SUCCESS, 0));
          nextEndpoint(ctx);
        },
        error -> {
          LOG.info(
              () -> "tcp: " + client.remoteAddress() + " -> " + service + ": " + error.detail());
          drop();
          client.close();
        });
  }

  private void nextEndpoint(ChannelHandlerContext ctx) {
    Endpoint e = dispatch.next();
    if (e == null) {
      LOG.info(() ->
          "tcp: "
              + ctx.channel().remoteAddress()
              + " -> "
              + service
              + ": "
              + dispatch.unavailable().detail());
      drop();
      ctx.channel().close();
      return;
    }
    Connections c = e.connections();
    connect(ctx, c.connector(), c.target(), c.metrics());
  }

  private void connect(
      ChannelHandlerContext ctx, Connector connector, Target target, TargetMetrics metrics) {
    Channel client = ctx.channel();
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
      if (!done.isSuccess() && dispatch != null && client.isActive()) {
        if (dispatch.unreachable(true)) {
          nextEndpoint(ctx);
          return;
        }
      }
      if (!done.isSuccess()) {
        LOG.log(
            Level.INFO,
            () -> "tcp: " + client.remoteAddress() + " -> " + target + ": " + done.cause());
        drop();
        client.close();
        return;
      }
      Channel upstream = f.getNow();
      if (dispatch != null) {
        dispatch.responded();
      }
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

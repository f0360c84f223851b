package dev.weft.proxy.listen;

import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.detect.DetectHandler;
import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.ConnectionMetricsHandler;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tcp.TcpForwardHandler;
import dev.weft.proxy.transport.Transport;
import dev.weft.proxy.upstream.Connector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/**
 * One data-plane listener, assembled: every accepted connection gets, in this order,
 *
 * <ol>
 *   <li>connection metrics, first so they count every byte on the wire;
 *   <li>protocol detection (skipped for opaque ports), which then installs
 *   <li>the HTTP/1, HTTP/2 or TCP forwarding stack for the connection's protocol.
 * </ol>
 *
 * Accepted connections join {@code connections} so that a shutdown can drain them.
 */
public final class Listener {
  private final ListenerConfig config;
  private final ProxyConfig proxy;
  private final TargetMetrics metrics;
  private final Connector connector;
  private final Http1Forwarder http1;
  private final H2Forwarder http2;
  private final ChannelGroup connections;
  private final boolean opaque;
  private Channel server;
  private volatile boolean draining;

  public Listener(
      ListenerConfig config,
      ProxyConfig proxy,
      ProxyMetrics metrics,
      Connector connector,
      ChannelGroup connections) {
    this.config = config;
    this.proxy = proxy;
    this.metrics = metrics.target(config.name(), config.forward(), ProxyMetrics.TLS_NONE);
    this.connector = connector;
    this.http1 = new Http1Forwarder(connector, config.forward(), this.metrics, proxy.idleTimeout());
    this.http2 = new H2Forwarder(connector, config.forward(), this.metrics, proxy.drainTimeout());
    this.connections = connections;
    this.opaque = proxy.opaquePorts().contains(config.forward().getPort());
  }

  /** Binds, blocking until the socket is bound; throws if it cannot be. */
  public void bind(Transport transport, EventLoopGroup group) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Connector.WATER_MARK)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    p.addLast("tcp-metrics", new ConnectionMetricsHandler(metrics.src()));
                    if (opaque) {
                      p.addLast(
                          "tcp-forward",
                          new TcpForwardHandler(connector, config.forward(), metrics));
                    } else {
                      p.addLast(
                          "detect",
                          new DetectHandler(proxy.detectTimeout(), Listener.this::install));
                    }
                    if (draining) {
                      // Accepted just before the listener closed, set up after the drain began.
                      ch.eventLoop().execute(() -> p.fireUserEventTriggered(DrainEvent.INSTANCE));
                    }
                  }
                })
            .bind(config.bind())
            .sync()
            .channel();
  }

  private void install(
      ChannelHandlerContext ctx, dev.weft.proxy.detect.Protocol protocol, boolean timedOut) {
    ChannelPipeline p = ctx.pipeline();
    switch (protocol) {
      case HTTP2 -> http2.install(p, ctx.name());
      case HTTP1 -> http1.install(p, ctx.name());
      case OPAQUE ->
          p.addAfter(
              ctx.name(),
              "tcp-forward",
              new TcpForwardHandler(connector, config.forward(), metrics));
    }
  }

  /** The bound address (useful when the configured port was 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  public ListenerConfig config() {
    return config;
  }

  /** Stops accepting, and makes HTTP/1 responses close their connections from now on. */
  public void stopAccepting() {
    draining = true;
    http1.drain();
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }
}

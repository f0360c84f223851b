package dev.weft.proxy.admin;

import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * The admin listener: {@code /metrics} (Prometheus text), {@code /ready}, {@code /live}, {@code
 * /sbom} (the CycloneDX SBOM the proxy's jar carries) and {@code POST /shutdown}. It runs on its
 * own single thread so that a slow scrape never delays proxied traffic.
 */
public final class AdminServer {
  private final InetSocketAddress bind;
  private final ProxyMetrics metrics;
  private final BooleanSupplier ready;
  private final Runnable shutdown;
  private final EmbeddedSbom sbom;
  private Channel server;

  public AdminServer(
      InetSocketAddress bind,
      ProxyMetrics metrics,
      BooleanSupplier ready,
      Runnable shutdown,
      EmbeddedSbom sbom) {
    this.bind = bind;
    this.metrics = metrics;
    this.ready = ready;
    this.shutdown = shutdown;
    this.sbom = sbom;
  }

  public void bind(Transport transport, EventLoopGroup group) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8 * 1024))
                        .addLast(new AdminHandler(metrics, ready, shutdown, sbom));
                  }
                })
            .bind(bind)
            .sync()
            .channel();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }
}

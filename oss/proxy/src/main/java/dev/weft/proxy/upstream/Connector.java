package dev.weft.proxy.upstream;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.metrics.ByteTally;
import dev.weft.proxy.metrics.ConnectionMetricsHandler;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens upstream connections on the caller's event loop, so that a proxied connection and its
 * upstream never hand data across threads. Every connection is counted in its target's {@code
 * peer="dst"} meters.
 */
public final class Connector {
  /** Per-connection outbound buffer bounds: above the high mark the peer stops reading. */
  public static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final Transport transport;
  private final int connectTimeoutMillis;
  private final Supplier<ByteTally> tally;

  public Connector(Transport transport, Duration connectTimeout) {
    this(transport, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), null);
  }

  private Connector(Transport transport, int connectTimeoutMillis, Supplier<ByteTally> tally) {
    this.transport = transport;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.tally = tally;
  }

  /**
   * This connector, also counting the bytes of every connection it opens in a tally that {@code
   * perConnection} gives once per connection, when it is set up: the byte path then only increments
   * what the tally holds.
   */
  public Connector tallying(Supplier<ByteTally> perConnection) {
    return new Connector(
        transport, connectTimeoutMillis, Objects.requireNonNull(perConnection, "perConnection"));
  }

  /**
   * Connects to {@code target}; {@code pipeline} adds the protocol handlers after the metrics
   * handler. The channel starts with auto-read off: the caller turns it on when it is ready.
   */
  public ChannelFuture connect(
      EventLoop loop, InetSocketAddress target, TargetMetrics metrics, Consumer<Channel> pipeline) {
    return connect(loop, target, metrics, false, pipeline);
  }

  /**
   * As {@link #connect(EventLoop, InetSocketAddress, TargetMetrics, Consumer)}; with {@code
   * halfClosure} the end of the upstream's output is an event rather than the end of the channel,
   * which only an opaque relay wants.
   */
  public ChannelFuture connect(
      EventLoop loop,
      InetSocketAddress target,
      TargetMetrics metrics,
      boolean halfClosure,
      Consumer<Channel> pipeline) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.channel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(initializer(metrics, pipeline))
        .connect(target);
  }

  /**
   * Connects to {@code target}: over mutual TLS with {@code ssl} when it is meshed (see {@link
   * #connectMeshed}), plainly otherwise. The future completes with a channel ready for the
   * protocol, or with why it could not be opened.
   */
  public Future<Channel> connect(
      EventLoop loop,
      Target target,
      TargetMetrics metrics,
      Function<TlsContexts, SslContext> ssl,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics,
      boolean halfClosure,
      Consumer<Channel> pipeline) {
    if (target.meshed()) {
      TlsContexts contexts = tls == null ? null : tls.get();
      return connectMeshed(
          loop,
          target,
          metrics,
          contexts == null ? null : ssl.apply(contexts),
          tlsMetrics,
          halfClosure,
          pipeline);
    }
    ChannelFuture f = connect(loop, target.address(), metrics, halfClosure, pipeline);
    Promise<Channel> done = loop.newPromise();
    f.addListener(x -> {
      if (f.isSuccess()) {
        done.setSuccess(f.channel());
      } else {
        done.setFailure(f.cause());
      }
    });
    return done;
  }

  /**
   * Connects to a meshed {@code target} with mutual TLS: the handshake offers this proxy's
   * certificate, sends the target's identity as SNI and accepts only a peer certificate naming
   * exactly that identity. The future completes once the handshake has; a failed handshake is
   * counted in {@code tlsMetrics}, closes the connection, and fails the future with a {@link
   * MeshTlsException} saying why.
   */
  public Future<Channel> connectMeshed(
      EventLoop loop,
      Target target,
      TargetMetrics metrics,
      SslContext ssl,
      TlsMetrics tlsMetrics,
      boolean halfClosure,
      Consumer<Channel> pipeline) {
    Promise<Channel> done = loop.newPromise();
    if (ssl == null) {
      done.setFailure(
          new MeshTlsException(
              "cannot reach " + target + " over mTLS: this proxy holds no certificate yet"));
      return done;
    }
    SslHandler[] handler = new SslHandler[1];
    ChannelFuture f =
        connect(
            loop,
            target.address(),
            metrics,
            halfClosure,
            ch -> {
              handler[0] =
                  ssl.newHandler(ch.alloc(), target.identity(), target.address().getPort());
              handler[0].setHandshakeTimeoutMillis(Math.max(1000, connectTimeoutMillis));
              ch.pipeline().addLast("tls", handler[0]);
              pipeline.accept(ch);
            });
    f.addListener(x -> {
      if (!f.isSuccess()) {
        done.setFailure(f.cause());
        return;
      }
      Channel ch = f.channel();
      // With auto-read off, SslHandler itself reads what the handshake needs.
      handler[0]
          .handshakeFuture()
          .addListener(h -> {
            if (h.isSuccess()) {
              done.setSuccess(ch);
            } else {
              tlsMetrics.handshakeFailed("outbound", h.cause());
              ch.close();
              done.setFailure(
                  new MeshTlsException(
                      "mTLS handshake with "
                          + target
                          + " failed ("
                          + TlsMetrics.reason(h.cause())
                          + "): "
                          + h.cause().getMessage(),
                      h.cause()));
            }
          });
    });
    return done;
  }

  private ChannelHandler initializer(TargetMetrics metrics, Consumer<Channel> pipeline) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(
                "tcp-metrics",
                new ConnectionMetricsHandler(metrics.dst(), tally == null ? null : tally.get()));
        pipeline.accept(ch);
      }
    };
  }
}

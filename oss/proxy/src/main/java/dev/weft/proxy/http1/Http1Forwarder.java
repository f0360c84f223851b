package dev.weft.proxy.http1;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 upstream side of one target. A plaintext target gets a pool of keep-alive
 * connections per event loop; a meshed target (a peer proxy) gets each request as a stream on the
 * multiplexed mTLS HTTP/2 connection to it, converted from HTTP/1 and marked so that the peer
 * converts it back. Thread-safe; the pools it hands out are each confined to their loop.
 */
public final class Http1Forwarder {
  /** Request lines and headers the codecs accept; larger ones get 400 (or 502 from upstream). */
  static final HttpDecoderConfig DECODER =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(16 * 1024)
          .setMaxHeaderSize(64 * 1024)
          .setMaxChunkSize(64 * 1024)
          .setValidateHeaders(true);

  private final Connector connector;
  private final Target target;
  private final String targetText;
  private final TargetMetrics metrics;
  private final long idleTimeoutNanos;
  private final H2Forwarder meshed;
  private final Supplier<TlsContexts> tls;
  private final TlsMetrics tlsMetrics;
  private final ConcurrentMap<EventLoop, Http1Pool> pools = new ConcurrentHashMap<>();
  private volatile boolean draining;
  private volatile boolean retired;

  public Http1Forwarder(
      Connector connector, InetSocketAddress target, TargetMetrics metrics, Duration idleTimeout) {
    this(connector, new Target(target, null), metrics, idleTimeout, null, null, null);
  }

  /**
   * @param meshed the HTTP/2 side of the same target, which carries this target's requests when it
   *     is meshed; null for a plaintext target
   * @param tls the current TLS contexts, for upgrade requests to a meshed target (they cannot ride
   *     on HTTP/2 and go over their own mTLS connection)
   */
  public Http1Forwarder(
      Connector connector,
      Target target,
      TargetMetrics metrics,
      Duration idleTimeout,
      H2Forwarder meshed,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {
    this.connector = connector;
    this.target = target;
    this.targetText = target.toString();
    this.metrics = metrics;
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.meshed = target.meshed() ? meshed : null;
    this.tls = tls;
    this.tlsMetrics = tlsMetrics;
    if (target.meshed() && (meshed == null || tls == null)) {
      throw new IllegalArgumentException(
          "target " + target + " is meshed, but this proxy has no identity to speak mTLS with");
    }
  }

  /** Adds the HTTP/1 server stack, forwarding every request to this target, after {@code after}. */
  public void install(ChannelPipeline p, String after) {
    installServer(p, after, authority -> this, null);
  }

  /**
   * Adds the HTTP/1 server stack after {@code after}: the codec, then a handler that sends each
   * request to the target {@code router} picks by its {@code Host} (null: no route, answered 404).
   *
   * @param connMetrics the meters of this connection's requests, or null to use the target's
   */
  public static void installServer(
      ChannelPipeline p,
      String after,
      Function<String, Http1Forwarder> router,
      TargetMetrics connMetrics) {
    installServer(p, after, router, null, connMetrics);
  }

  /**
   * As {@link #installServer(ChannelPipeline, String, Function, TargetMetrics)}, with requests no
   * fixed route takes sent to the discovered service their {@code Host} names.
   */
  public static void installServer(
      ChannelPipeline p,
      String after,
      Function<String, Http1Forwarder> router,
      Discovered discovered,
      TargetMetrics connMetrics) {
    p.addAfter(after, "http1-codec", new HttpServerCodec(DECODER));
    p.addAfter(
        "http1-codec", "http1-server", new Http1ServerHandler(router, discovered, connMetrics));
  }

  /**
   * Adds the HTTP/1 server handler to a stream that a peer converted from HTTP/1, after {@code
   * after} (the stream's frame-to-HTTP/1 codec).
   */
  public static void installBridged(
      ChannelPipeline p,
      String after,
      Function<String, Http1Forwarder> router,
      TargetMetrics connMetrics) {
    p.addAfter(after, "http1-server", new Http1ServerHandler(router, connMetrics));
  }

  Http1Pool pool(EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new Http1Pool(l, idleTimeoutNanos));
  }

  /** Whether requests go to a peer proxy over HTTP/2 (so an upstream is never pooled). */
  boolean meshed() {
    return meshed != null;
  }

  /**
   * Opens a new upstream for one request, on {@code loop}: a connection with the HTTP/1 client
   * stack, or, to a meshed target, a stream converted to HTTP/2 (an upgrade request gets its own
   * mTLS connection instead, since HTTP/2 cannot carry it).
   */
  Future<Channel> connect(EventLoop loop, Http1Pool pool, boolean upgrade) {
    if (meshed != null && !upgrade) {
      Promise<Channel> done = loop.newPromise();
      meshed.openStream(
          loop,
          new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
              ch.pipeline().addLast("http1-codec", new Http2StreamFrameToHttpObjectCodec(false));
              ch.pipeline().addLast("http1-upstream", new Http1UpstreamHandler(pool));
            }
          },
          (ch, cause) -> {
            if (cause != null) {
              done.setFailure(cause);
            } else {
              done.setSuccess(ch);
            }
          });
      return done;
    }
    Consumer<Channel> stack =
        ch -> {
          ch.pipeline().addLast("http1-codec", new HttpClientCodec(DECODER, false, false));
          ch.pipeline().addLast("http1-upstream", new Http1UpstreamHandler(pool));
        };
    // Plaintext, or an upgrade to a meshed target: its own mTLS connection, no ALPN.
    return connector.connect(
        loop, target, metrics, TlsContexts::clientOpaque, tls, tlsMetrics, false, stack);
  }

  public TargetMetrics metrics() {
    return metrics;
  }

  String targetText() {
    return targetText;
  }

  boolean draining() {
    return draining;
  }

  /** Closes idle connections, and busy ones once their exchange ends: the target is gone. */
  public void retire() {
    retired = true;
    pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
  }

  boolean retired() {
    return retired;
  }

  /** From now on responses close their connections, and idle upstream connections are closed. */
  public void drain() {
    draining = true;
    pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
  }
}

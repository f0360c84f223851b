package dev.weft.proxy.http1;

import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP/1.1 side of one listener: installs the server stack on a connection detected as HTTP/1
 * and keeps a pool of upstream keep-alive connections per event loop. Thread-safe; the pools it
 * hands out are each confined to their loop.
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
  private final InetSocketAddress target;
  private final String targetText;
  private final TargetMetrics metrics;
  private final long idleTimeoutNanos;
  private final ConcurrentMap<EventLoop, Http1Pool> pools = new ConcurrentHashMap<>();
  private volatile boolean draining;

  public Http1Forwarder(
      Connector connector, InetSocketAddress target, TargetMetrics metrics, Duration idleTimeout) {
    this.connector = connector;
    this.target = target;
    this.targetText = target.getAddress().getHostAddress() + ":" + target.getPort();
    this.metrics = metrics;
    this.idleTimeoutNanos = idleTimeout.toNanos();
  }

  /** Adds the HTTP/1 server stack to a connection's pipeline, after {@code after}. */
  public void install(ChannelPipeline p, String after) {
    p.addAfter(after, "http1-codec", new HttpServerCodec(DECODER));
    p.addAfter(
        "http1-codec", "http1-server", new Http1ServerHandler(this, pool(p.channel().eventLoop())));
  }

  Http1Pool pool(EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new Http1Pool(l, idleTimeoutNanos));
  }

  /** Opens a new upstream connection with the HTTP/1 client stack, on {@code loop}. */
  ChannelFuture connect(EventLoop loop, Http1Pool pool) {
    return connector.connect(
        loop,
        target,
        metrics,
        (Channel ch) -> {
          ch.pipeline().addLast("http1-codec", new HttpClientCodec(DECODER, false, false));
          ch.pipeline().addLast("http1-upstream", new Http1UpstreamHandler(pool));
        });
  }

  TargetMetrics metrics() {
    return metrics;
  }

  String targetText() {
    return targetText;
  }

  boolean draining() {
    return draining;
  }

  /** From now on responses close their connections, and idle upstream connections are closed. */
  public void drain() {
    draining = true;
    pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
  }
}

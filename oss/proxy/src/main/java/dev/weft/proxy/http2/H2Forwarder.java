package dev.weft.proxy.http2;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The HTTP/2 upstream side of one target: a multiplexed connection per event loop that client
 * streams are relayed onto. For a meshed target the connection is mutual TLS to the peer proxy,
 * which must present exactly the target's identity. Thread-safe.
 */
public final class H2Forwarder {
  /** Stream and connection flow-control window the proxy advertises. */
  static final int WINDOW = 1024 * 1024;

  private final Connector connector;
  private final Target target;
  private final String targetText;
  private final TargetMetrics metrics;
  private final long drainMillis;
  private final Supplier<TlsContexts> tls;
  private final TlsMetrics tlsMetrics;
  private final ConcurrentMap<EventLoop, H2Upstream> upstreams = new ConcurrentHashMap<>();

  public H2Forwarder(
      Connector connector, InetSocketAddress target, TargetMetrics metrics, Duration drainTimeout) {
    this(connector, new Target(target, null), metrics, drainTimeout, null, null);
  }

  /**
   * @param tls the current TLS contexts (needed when the target is meshed; null until the proxy
   *     holds a certificate)
   * @param tlsMetrics where failed handshakes are counted (when the target is meshed)
   */
  public H2Forwarder(
      Connector connector,
      Target target,
      TargetMetrics metrics,
      Duration drainTimeout,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {
    if (target.meshed() && tls == null) {
      throw new IllegalArgumentException(
          "target " + target + " is meshed, but this proxy has no identity to speak mTLS with");
    }
    this.connector = connector;
    this.target = target;
    this.targetText = target.toString();
    this.metrics = metrics;
    this.drainMillis = drainTimeout.toMillis();
    this.tls = tls;
    this.tlsMetrics = tlsMetrics;
  }

  /** Adds the HTTP/2 server stack, relaying every stream to this target, after {@code after}. */
  public void install(ChannelPipeline p, String after) {
    H2Server.install(p, after, authority -> this, null, null, drainMillis);
  }

  H2Upstream upstream(EventLoop loop) {
    return upstreams.computeIfAbsent(
        loop, l -> new H2Upstream(l, connector, target, metrics, tls, tlsMetrics));
  }

  /**
   * Opens a stream to this target from {@code loop}, with {@code handler} as its pipeline; {@code
   * done} gets the stream or the reason it failed. On {@code loop}.
   */
  public void openStream(
      EventLoop loop,
      io.netty.channel.ChannelHandler handler,
      java.util.function.BiConsumer<io.netty.handler.codec.http2.Http2StreamChannel, Throwable>
          done) {
    upstream(loop).open(handler, done);
  }

  /** Closes its connections gracefully: the target left every service that had it. */
  public void retire() {
    upstreams.forEach((loop, up) -> loop.execute(up::retire));
  }

  public TargetMetrics metrics() {
    return metrics;
  }

  String targetText() {
    return targetText;
  }
}

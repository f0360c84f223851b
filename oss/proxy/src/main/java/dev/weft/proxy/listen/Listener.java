package dev.weft.proxy.listen;

import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.proxy.capture.OriginalDst;
import dev.weft.proxy.capture.OriginalDstMetrics;
import dev.weft.proxy.config.ConfigException;
import dev.weft.proxy.config.DiscoveryConfig;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.detect.DetectHandler;
import dev.weft.proxy.detect.Protocol;
import dev.weft.proxy.discovery.AddressFallbackResolver;
import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.proxy.discovery.Names;
import dev.weft.proxy.discovery.Resolver;
import dev.weft.proxy.discovery.StaticResolver;
import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.http2.H2Server;
import dev.weft.proxy.identity.WorkloadIdentity;
import dev.weft.proxy.metrics.ConnectionMetricsHandler;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.OutboundTargets;
import dev.weft.proxy.outbound.Service;
import dev.weft.proxy.outbound.SharedRandom;
import dev.weft.proxy.tcp.TcpForwardHandler;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One data-plane listener, assembled: every accepted connection gets, in this order,
 *
 * <ol>
 *   <li>connection metrics, first so they count every byte on the wire;
 *   <li>protocol detection (skipped for opaque ports when the proxy has no identity), which then
 *       installs
 *   <li>the HTTP/1, HTTP/2 or TCP forwarding stack for the connection's protocol, or, for a TLS
 *       ClientHello naming this proxy's identity, mutual TLS and then the stack its ALPN protocol
 *       asks for.
 * </ol>
 *
 * HTTP requests go to the target their authority's route names, else to the listener's forward
 * target. Accepted connections join {@code connections} so that a shutdown can drain them.
 */
public final class Listener {
  private static final Logger LOG = Logger.getLogger(Listener.class.getName());

  /** Authorities whose service names are remembered, so most requests skip normalising. */
  private static final int MAX_NAMES = 1024;

  private final java.util.concurrent.ConcurrentMap<String, String> names =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The service name of a listener's balanced forward addresses. */
  static final String BALANCED = "forward";

  /** Everything needed to send traffic to one target, built once per target. */
  record Destination(
      Target target, TargetMetrics metrics, Http1Forwarder http1, H2Forwarder http2) {}

  private final ListenerConfig config;
  private final ProxyConfig proxy;
  private final ProxyMetrics proxyMetrics;
  private final TargetMetrics metrics;
  private final Connector connector;
  private final WorkloadIdentity identity;
  private final Supplier<TlsContexts> tls;
  private final TlsMetrics tlsMetrics;
  private final Destination fallback;
  private final Map<String, Destination> routes = new HashMap<>();
  private final ChannelGroup connections;

  /** Every connection's routing; null when transparent (then each gets its own). */
  private final Routing routing;

  /** A transparent listener's accept step; null otherwise. */
  private final Capture capture;

  private final OutboundTargets outbound;
  private final Service balanced;
  private Channel server;
  private volatile boolean draining;

  public Listener(
      ListenerConfig config,
      ProxyConfig proxy,
      ProxyMetrics metrics,
      Connector connector,
      ChannelGroup connections) {
    this(config, proxy, metrics, connector, connections, null, null);
  }

  /**
   * @param identity this proxy's identity, or null when it has none (then no route may be meshed)
   * @param tlsMetrics where failed handshakes are counted (with an identity)
   */
  public Listener(
      ListenerConfig config,
      ProxyConfig proxy,
      ProxyMetrics metrics,
      Connector connector,
      ChannelGroup connections,
      WorkloadIdentity identity,
      TlsMetrics tlsMetrics) {
    this(config, proxy, metrics, connector, connections, identity, tlsMetrics, null, null);
  }

  /**
   * @param destination the control plane's Destination API when the listener resolves services
   *     through discovery, else null
   * @param balancers the balancers there are, when the listener balances (discovery, or several
   *     forward addresses)
   */
  public Listener(
      ListenerConfig config,
      ProxyConfig proxy,
      ProxyMetrics metrics,
      Connector connector,
      ChannelGroup connections,
      WorkloadIdentity identity,
      TlsMetrics tlsMetrics,
      Resolver destination,
      BalancerRegistry balancers) {
    this.config = config;
    this.proxy = proxy;
    this.proxyMetrics = metrics;
    this.connector = connector;
    this.identity = identity;
    this.tls = identity == null ? null : identity::contexts;
    this.tlsMetrics = tlsMetrics;
    this.connections = connections;
    this.fallback = config.forward() == null ? null : destination(config.forward());
    // Accepted connections are counted under the one target they go to; a listener that
    // balances or resolves services counts them under its own address.
    this.metrics =
        fallback != null && !fallback.target().meshed() && config.balanced().isEmpty()
            ? fallback.metrics()
            : metrics.target(config.name(), config.bind(), ProxyMetrics.TLS_NONE);
    Discovered discovered;
    if (config.discovered() || !config.balanced().isEmpty()) {
      Resolver resolver;
      if (config.discovered()) {
        if (destination == null) {
          throw new ConfigException(
              config.name() + " listener: discovery without a Destination address");
        }
        // Transparent: a redirected connection's original address is a service name too.
        resolver = config.transparent() ? new AddressFallbackResolver(destination) : destination;
      } else {
        Map<InetSocketAddress, EndpointSpec> endpoints = new LinkedHashMap<>();
        for (Target t : config.balanced()) {
          endpoints.put(
              t.address(),
              new EndpointSpec(
                  t.address(),
                  EndpointSpec.DEFAULT_WEIGHT,
                  t.identity() == null ? "" : t.identity(),
                  "",
                  Map.of(),
                  true));
        }
        resolver = new StaticResolver(Map.of(BALANCED, endpoints));
      }
      DiscoveryConfig dc = proxy.discovery();
      outbound =
          new OutboundTargets(
              resolver,
              balancers,
              dc.balancer(),
              new OutboundTargets.ConnectionSettings(
                  connector,
                  metrics,
                  config.name(),
                  proxy.idleTimeout(),
                  proxy.drainTimeout(),
                  tls,
                  tlsMetrics),
              dc.zone(),
              System::nanoTime,
              new SharedRandom(),
              dc.serviceIdle());
      if (config.discovered()) {
        balanced = null;
        discovered =
            new Discovered(
                outbound,
                authority -> {
                  String name = names.get(authority);
                  if (name == null) {
                    name = Names.normalize(authority);
                    if (name == null) {
                      return null;
                    }
                    if (names.size() < MAX_NAMES) {
                      names.put(authority, name);
                    }
                  }
                  return outbound.service(name);
                });
      } else {
        balanced = outbound.service(BALANCED);
        discovered = new Discovered(outbound, authority -> balanced);
      }
    } else {
      outbound = null;
      discovered = null;
      balanced = null;
    }
    Map<Target, Destination> built = new HashMap<>();
    if (fallback != null) {
      built.put(fallback.target(), fallback);
    }
    config.routes().forEach((k, t) -> routes.put(k, built.computeIfAbsent(t, this::destination)));
    // Several forward addresses: detection happens before one is picked, so the listener is
    // opaque when any of their ports is.
    boolean opaque =
        config.forward() != null
            && (config.balanced().isEmpty() ? List.of(config.forward()) : config.balanced())
                .stream().anyMatch(t -> proxy.opaquePorts().contains(t.address().getPort()));
    if (config.transparent()) {
      this.routing = null;
      OriginalDst originalDst = OriginalDst.link();
      Discovered base = discovered;
      this.capture =
          new Capture(
              config.name(),
              config.bind(),
              originalDst,
              new OriginalDstMetrics(metrics.registry(), config.name()),
              this::destination,
              t -> destination(t, this.metrics),
              (dest, dst) ->
                  Routing.of(
                      dest, dest.metrics(), Capture.discovered(base, dst), opaquePort(dst), routes),
              // Without an original destination, only routes and discovery can serve it.
              routes.isEmpty() && discovered == null
                  ? null
                  : Routing.of(null, this.metrics, discovered, false, routes));
    } else {
      this.capture = null;
      this.routing = Routing.of(fallback, this.metrics, discovered, opaque, routes);
    }
  }

  private boolean opaquePort(InetSocketAddress dst) {
    return proxy.opaquePorts().contains(dst.getPort());
  }

  private Destination destination(Target t) {
    return destination(t, null);
  }

  /** The destination of {@code t}, counted under {@code counted} (null: its own meters). */
  private Destination destination(Target t, TargetMetrics counted) {
    if (t.meshed() && identity == null) {
      throw new dev.weft.proxy.config.ConfigException(
          config.name()
              + " target "
              + t
              + " is meshed, but this proxy has no identity (expected: --identity-name and the"
              + " other identity settings)");
    }
    TargetMetrics m =
        counted != null
            ? counted
            : t.meshed()
                ? proxyMetrics.target(
                    config.name(), t.address(), ProxyMetrics.TLS_TRUE, "server_id", t.identity())
                : proxyMetrics.target(config.name(), t.address(), ProxyMetrics.TLS_NONE);
    H2Forwarder h2 = new H2Forwarder(connector, t, m, proxy.drainTimeout(), tls, tlsMetrics);
    Http1Forwarder h1 =
        new Http1Forwarder(connector, t, m, proxy.idleTimeout(), h2, tls, tlsMetrics);
    return new Destination(t, m, h1, h2);
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
                    Routing r = routing != null ? routing : capture.accept(ch);
                    if (r == null) {
                      ch.close();
                      return;
                    }
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    if (identity == null) {
                      p.addLast("tcp-metrics", new ConnectionMetricsHandler(r.metrics().src()));
                    } else {
                      // Counted once the connection is known to be plaintext or mTLS from whom.
                      p.addLast(
                          "tcp-metrics", ConnectionMetricsHandler.deferred(r.metrics().src()));
                    }
                    if (r.opaque() && identity == null) {
                      p.addLast("tcp-forward", tcpForward(r));
                    } else {
                      p.addLast(
                          "detect",
                          new DetectHandler(
                              proxy.detectTimeout(),
                              (ctx, protocol, timedOut) -> install(ctx, protocol, r)));
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

  private TcpForwardHandler tcpForward(Routing r) {
    if (balanced != null) {
      return new TcpForwardHandler(connector, balanced, outbound, tls, tlsMetrics);
    }
    Destination d = r.fallback();
    return new TcpForwardHandler(connector, d.target(), d.metrics(), tls, tlsMetrics);
  }

  private void install(ChannelHandlerContext ctx, Protocol protocol, Routing r) {
    ChannelPipeline p = ctx.pipeline();
    if (protocol == Protocol.TLS && identity != null) {
      p.addAfter(ctx.name(), "tls-sni", new TlsTerminator(this, r, proxy.detectTimeout()));
      return;
    }
    bindPlaintext(p, r);
    installPlain(ctx.pipeline(), ctx.name(), protocol, null, r.opaque(), r);
  }

  /**
   * Installs the stack of a decided protocol after {@code after}; {@code connMetrics} labels the
   * requests of an mTLS connection with its client's identity.
   */
  void installPlain(
      ChannelPipeline p,
      String after,
      Protocol protocol,
      TargetMetrics connMetrics,
      boolean opaquePort,
      Routing r) {
    Protocol effective = opaquePort ? Protocol.OPAQUE : protocol;
    switch (effective) {
      case HTTP2 ->
          H2Server.install(p, after, r.http2(), r.discovered(), connMetrics, null, drainMillis());
      case HTTP1 -> Http1Forwarder.installServer(p, after, r.http1(), r.discovered(), connMetrics);
      case OPAQUE, TLS -> {
        if (r.fallback() == null && balanced == null) {
          LOG.fine(() -> config.name() + ": opaque connection with no forward target: closed");
          p.channel().close();
          return;
        }
        p.addAfter(after, "tcp-forward", tcpForward(r));
      }
    }
  }

  /** The stacks of a connection that passed the mTLS handshake, by negotiated ALPN protocol. */
  void installMeshed(ChannelPipeline p, String after, String alpn, String clientId, Routing r) {
    TargetMetrics conn =
        proxyMetrics.target(
            config.name(),
            r.fallback() == null ? config.bind() : r.fallback().target().address(),
            ProxyMetrics.TLS_TRUE,
            "client_id",
            clientId == null ? "" : clientId);
    ConnectionMetricsHandler tcp = p.get(ConnectionMetricsHandler.class);
    if (tcp != null) {
      tcp.bind(conn.src());
    }
    switch (alpn) {
      case "h2" ->
          H2Server.install(
              p,
              after,
              r.http2(),
              conn,
              (stream, streamAfter) ->
                  Http1Forwarder.installBridged(stream, streamAfter, r.http1(), conn),
              drainMillis());
      case "http/1.1" -> Http1Forwarder.installServer(p, after, r.http1(), conn);
      default -> {
        // No ALPN: opaque TCP or an upgrade, carried inside mTLS; detect what it is.
        if (r.opaque()) {
          installPlain(p, after, Protocol.OPAQUE, conn, true, r);
        } else {
          p.addAfter(
              after,
              "detect-tls",
              new DetectHandler(
                  proxy.detectTimeout(),
                  (c, protocol, timedOut) ->
                      installPlain(c.pipeline(), c.name(), protocol, conn, false, r)));
        }
      }
    }
  }

  /** Counts a connection that turned out not to be mTLS as plaintext. */
  void bindPlaintext(ChannelPipeline p, Routing r) {
    if (identity != null) {
      ConnectionMetricsHandler tcp = p.get(ConnectionMetricsHandler.class);
      if (tcp != null) {
        tcp.bind(r.metrics().src());
      }
    }
  }

  WorkloadIdentity identity() {
    return identity;
  }

  TlsMetrics tlsMetrics() {
    return tlsMetrics;
  }

  private long drainMillis() {
    return proxy.drainTimeout().toMillis();
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
    if (fallback != null) {
      fallback.http1().drain();
    }
    routes.values().forEach(d -> d.http1().drain());
    if (capture != null) {
      capture.drain();
    }
    if (outbound != null) {
      outbound.drain();
    }
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }

  /** Stops watching services; after the connections closed. */
  public void close() {
    if (outbound != null) {
      outbound.close();
    }
  }
}

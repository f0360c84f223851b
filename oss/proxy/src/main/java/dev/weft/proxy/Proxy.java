package dev.weft.proxy;

import dev.weft.proxy.admin.AdminServer;
import dev.weft.proxy.admin.EmbeddedSbom;
import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.proxy.discovery.GrpcResolver;
import dev.weft.proxy.discovery.Resolver;
import dev.weft.proxy.fleet.FleetReporter;
import dev.weft.proxy.fleet.IdentityProofs;
import dev.weft.proxy.fleet.ReportedSelf;
import dev.weft.proxy.identity.WorkloadIdentity;
import dev.weft.proxy.listen.DrainEvent;
import dev.weft.proxy.listen.Listener;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.transport.Transport;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running proxy: its event loops, listeners and admin server, assembled from a {@link
 * ProxyConfig}. {@link #start} binds everything or fails; {@link #shutdown} drains gracefully.
 */
public final class Proxy implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Proxy.class.getName());

  private final ProxyConfig config;
  private final Transport transport = Transport.best();
  private final ProxyMetrics metrics;
  private final EventLoopGroup workers;
  private final EventLoopGroup adminLoop;
  private final ChannelGroup connections =
      new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
  private final List<Listener> listeners = new ArrayList<>();
  private final AdminServer admin;
  private final WorkloadIdentity identity;
  private final TlsMetrics tlsMetrics;
  private final Resolver destination;
  private final BalancerRegistry balancers;
  private final EmbeddedSbom sbom = EmbeddedSbom.of(Proxy.class);
  // Not typed FleetReporter: a proxy without a control plane never loads the reporter's gRPC
  // classes.
  private volatile Runnable stopFleet;
  private volatile boolean ready;
  private volatile boolean stopped;

  private Proxy(ProxyConfig config) {
    this.config = config;
    if (config.transparent() && transport != Transport.EPOLL) {
      throw new IllegalArgumentException(
          "transparent mode (no --inbound-forward or --outbound-forward) reads original"
              + " destinations from Linux's epoll transport, which is not available here"
              + " (transport: "
              + transport.name().toLowerCase(java.util.Locale.ROOT)
              + "); give --inbound-forward and --outbound-forward instead");
    }
    this.metrics = new ProxyMetrics(config.maxAuthorities());
    this.tlsMetrics = new TlsMetrics(metrics.registry());
    InetSocketAddress destinationAddr = config.discovery().destination();
    // One way to the control plane for Certify and Watch; built only by a proxy that uses it,
    // since its gRPC classes come from lib/control-plane.
    ControlPlaneChannels controlPlane =
        config.identity() == null && destinationAddr == null
            ? null
            : ControlPlaneChannels.create(config.controlPlaneTls());
    // First: a bad identity setting fails here, before any thread exists.
    this.identity =
        config.identity() == null
            ? null
            : WorkloadIdentity.start(config.identity(), controlPlane, metrics.registry());
    // Only a proxy that balances loads the balancers (classes cost memory in every sidecar).
    this.balancers =
        config.listeners().stream().anyMatch(l -> l.discovered() || !l.balanced().isEmpty())
            ? BalancerRegistry.load(Proxy.class.getClassLoader())
            : null;
    this.destination =
        destinationAddr == null
            ? null
            : new GrpcResolver(
                destinationAddr,
                controlPlane,
                config.identity() == null ? "" : config.identity().name(),
                config.discovery().zone());
    this.workers =
        transport.newGroup(config.workers(), new DefaultThreadFactory("weft-proxy", false));
    this.adminLoop = transport.newGroup(1, new DefaultThreadFactory("weft-admin", true));
    this.admin = new AdminServer(config.admin(), metrics, this::isReady, this::shutdownAsync, sbom);
  }

  /**
   * Starts a proxy: binds every listener and the admin server, or fails and releases them. With an
   * identity, certification starts in the background and the proxy is not {@link #isReady ready}
   * until it holds a certificate.
   */
  public static Proxy start(ProxyConfig config) throws InterruptedException {
    Proxy p;
    try {
      p = new Proxy(config);
    } catch (IllegalArgumentException e) {
      throw new dev.weft.proxy.config.ConfigException(e.getMessage());
    }
    try {
      Connector connector = new Connector(p.transport, config.connectTimeout());
      for (ListenerConfig lc : config.listeners()) {
        Listener l =
            new Listener(
                lc,
                config,
                p.metrics,
                connector,
                p.connections,
                p.identity,
                p.tlsMetrics,
                p.destination,
                p.balancers);
        l.bind(p.transport, p.workers);
        p.listeners.add(l);
        LOG.info(() ->
            lc.name()
                + " listener on "
                + l.localAddress()
                + (lc.transparent()
                    ? " forwarding to original destinations"
                    : lc.forward() == null
                        ? ""
                        : lc.balanced().isEmpty()
                            ? " forwarding to " + lc.forward()
                            : " balancing over " + lc.balanced())
                + (lc.discovered() ? ", services by authority through discovery" : "")
                + (lc.routes().isEmpty()
                    ? ""
                    : ", " + lc.routes().size() + " route(s) by authority: " + lc.routes()));
      }
      p.admin.bind(p.transport, p.adminLoop);
      LOG.info(() ->
          "admin on "
              + p.admin.localAddress()
              + " ("
              + p.transport.name().toLowerCase()
              + " transport, "
              + config.workers()
              + " worker"
              + (config.workers() == 1 ? "" : "s")
              + ")");
    } catch (RuntimeException | InterruptedException e) {
      p.closeNow();
      throw e;
    }
    if (config.discovery().destination() != null) {
      p.stopFleet = p.startFleet((GrpcResolver) p.destination)::close;
    }
    p.ready = true;
    return p;
  }

  /**
   * Heartbeats to the fleet inventory, over discovery's channel: one connection per proxy to the
   * control plane, with the keepalives it already has, rather than twice as many at a control plane
   * that serves thousands of proxies. They start once everything is bound, so a proxy that fails to
   * start is never reported as running.
   */
  private FleetReporter startFleet(GrpcResolver resolver) {
    String identityName = config.identity() == null ? "" : config.identity().name();
    InetSocketAddress controlPlane = config.discovery().destination();
    FleetReporter reporter =
        FleetReporter.start(
            resolver.channel(),
            controlPlane.getHostString() + ":" + controlPlane.getPort(),
            () ->
                ReportedSelf.of(
                    config.instance(),
                    identityName,
                    config.discovery().zone(),
                    Proxy.class,
                    System.getenv()),
            metrics.registry(),
            sbom::json,
            identity == null
                ? IdentityProofs.none()
                : IdentityProofs.by(identity, Clock.systemUTC()));
    if (identity != null) {
      // The first heartbeat may leave before the certificate comes: the next one proves the
      // identity at once rather than an interval later.
      identity.whenCertified(reporter::reportSoon);
    }
    return reporter;
  }

  public List<InetSocketAddress> listenerAddresses() {
    return listeners.stream().map(Listener::localAddress).toList();
  }

  public InetSocketAddress adminAddress() {
    return admin.localAddress();
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  /**
   * Whether the proxy takes traffic: started, not draining, and holding a certificate if needed.
   */
  public boolean isReady() {
    return ready && (identity == null || identity.ready());
  }

  /** This proxy's identity, or null when it has none. */
  public WorkloadIdentity identity() {
    return identity;
  }

  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (HTTP/1 connections close
   * after their current response, HTTP/2 connections get GOAWAY), wait up to the drain timeout,
   * then close whatever is left. Blocks until done; safe to call more than once.
   */
  public synchronized void shutdown() {
    if (stopped) {
      return;
    }
    ready = false;
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    for (Listener l : listeners) {
      l.stopAccepting();
    }
    int open = connections.size();
    LOG.info(() ->
        "draining "
            + open
            + " connection"
            + (open == 1 ? "" : "s")
            + " (up to "
            + config.drainTimeout()
            + ")");
    for (Channel ch : connections) {
      ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
    }
    for (Channel ch : connections) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    // A closed channel leaves the group from a listener that may not have run yet: count open ones.
    long forced = connections.stream().filter(Channel::isOpen).count();
    if (forced > 0) {
      LOG.warning(() ->
          "drain timeout: closing "
              + forced
              + " connection"
              + (forced == 1 ? "" : "s")
              + " still open");
    }
    closeNow();
    LOG.info("stopped");
  }

  private void shutdownAsync() {
    Thread.ofPlatform().name("weft-shutdown").start(() -> System.exit(0));
  }

  private void closeNow() {
    stopped = true;
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    admin.close();
    listeners.forEach(Listener::close);
    // Before discovery, whose channel the heartbeats use.
    Runnable f = stopFleet;
    if (f != null) {
      f.run();
    }
    if (destination != null) {
      destination.close();
    }
    if (identity != null) {
      identity.close();
    }
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    adminLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    shutdown();
  }
}

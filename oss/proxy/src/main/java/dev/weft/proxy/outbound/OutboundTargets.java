package dev.weft.proxy.outbound;

import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.proxy.balance.FailureAccrual;
import dev.weft.proxy.balance.FailureAccrualConfig;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.proxy.discovery.Resolver;
import dev.weft.proxy.discovery.ServicePolicy;
import dev.weft.proxy.discovery.StaticResolver;
import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.proxy.upstream.Connector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The outbound side's services, built once per name on first use and cached: each {@link Service}
 * watches its name through the {@link Resolver}, and is evicted after it has been idle (no request,
 * nothing in flight) for {@code idleTimeout}. Endpoints of all services share their connections by
 * target, so two services with the same pod use the same pools; those connections count their bytes
 * by the target's zone locality ({@link ZoneMetrics}).
 *
 * <p>Thread-safe. Discovery updates, ejections and sweeps run on one control thread; requests only
 * read what it publishes.
 */
public final class OutboundTargets implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutboundTargets.class.getName());

  /** What the endpoints' connections are made with. */
  public record ConnectionSettings(
      Connector connector,
      ProxyMetrics metrics,
      String direction,
      Duration idleTimeout,
      Duration drainTimeout,
      Supplier<TlsContexts> tls,
      TlsMetrics tlsMetrics) {}

  /** The most services watched at once. */
  static final int MAX_SERVICES = 2000;

  private final Resolver resolver;
  private volatile boolean full;
  private final boolean ownsResolver;
  private final BalancerRegistry balancers;
  private final String defaultBalancer;
  private final ConnectionSettings settings;
  private final String zone;
  private final LongSupplier clock;
  private final RandomGenerator random;
  private final Duration serviceIdle;
  private final OutboundMetrics metrics;
  private final ZoneMetrics zoneMetrics;
  private final ScheduledExecutorService control =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("weft-outbound").factory());
  private final ConcurrentMap<String, Service> services = new ConcurrentHashMap<>();
  private final Map<Target, Shared> connections = new HashMap<>(); // guarded by itself
  private final ConcurrentMap<String, TargetMetrics> logicalMetrics = new ConcurrentHashMap<>();

  private static final class Shared {
    final Connections connections;
    int refs;

    Shared(Connections c) {
      this.connections = c;
    }
  }

  /**
   * @param defaultBalancer the balancer of services whose policy names none
   * @param zone this proxy's zone, or empty
   * @param serviceIdle how long an unused service is kept watched
   */
  public OutboundTargets(
      Resolver resolver,
      BalancerRegistry balancers,
      String defaultBalancer,
      ConnectionSettings settings,
      String zone,
      LongSupplier clock,
      RandomGenerator random,
      Duration serviceIdle) {
    this.resolver = resolver;
    // A static resolver is this listener's own; the Destination client is the proxy's.
    this.ownsResolver = resolver instanceof StaticResolver;
    this.balancers = balancers;
    this.defaultBalancer = defaultBalancer;
    this.settings = settings;
    this.zone = zone;
    this.clock = clock;
    this.random = random;
    this.serviceIdle = serviceIdle;
    this.metrics =
        new OutboundMetrics(settings.metrics().registry(), settings.metrics().claims(), zone);
    this.zoneMetrics = new ZoneMetrics(settings.metrics().registry(), settings.direction(), zone);
    long sweep = Math.max(1, Math.min(serviceIdle.toMillis() / 2, 30_000));
    control.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /**
   * The service of a name, watched from its first use; null when {@link #MAX_SERVICES} are watched
   * already (each is a stream to the control plane, and authorities come from clients).
   */
  public Service service(String name) {
    Service s = services.get(name);
    if (s != null) {
      return s;
    }
    if (services.size() >= MAX_SERVICES) {
      if (!full) {
        full = true;
        LOG.warning(() ->
            MAX_SERVICES
                + " services watched: requests to further ones ("
                + name
                + ") get 404 until idle ones are dropped");
      }
      return null;
    }
    full = false;
    Service created = new Service(name, this);
    s = services.putIfAbsent(name, created);
    if (s != null) {
      return s;
    }
    metrics.servicesWatched(services.size());
    created.start(resolver.watch(name, created));
    return created;
  }

  /** Request meters of a service: labelled with its name, since its endpoints come and go. */
  public TargetMetrics logicalMetrics(Service s) {
    return logicalMetrics.computeIfAbsent(
        s.name(), n -> settings.metrics().service(settings.direction(), n));
  }

  Connections acquire(EndpointSpec spec) {
    Target t = new Target(spec.address(), spec.identity().isEmpty() ? null : spec.identity());
    synchronized (connections) {
      Shared s = connections.computeIfAbsent(t, k -> new Shared(build(k, spec.zone())));
      s.connections.zone().endpointZone(spec.zone());
      s.refs++;
      return s.connections;
    }
  }

  void release(Connections c) {
    boolean retire = false;
    synchronized (connections) {
      Shared s = connections.get(c.target());
      if (s != null && s.connections == c && --s.refs == 0) {
        connections.remove(c.target());
        retire = true;
      }
    }
    if (retire) {
      c.retire();
    }
  }

  private Connections build(Target t, String endpointZone) {
    ProxyMetrics pm = settings.metrics();
    TargetMetrics m =
        t.meshed()
            ? pm.target(
                settings.direction(), t.address(), ProxyMetrics.TLS_TRUE, "server_id", t.identity())
            : pm.target(settings.direction(), t.address(), ProxyMetrics.TLS_NONE);
    if (t.meshed() && settings.tls() == null) {
      LOG.warning(() ->
          "endpoint "
              + t
              + " is meshed, but this proxy has no identity: its requests will fail (expected:"
              + " --identity-name and the other identity settings)");
    }
    // Its own connector, so that every upstream connection of the target counts its bytes by zone;
    // a proxy with no zone has no locality to count by, and its connections skip the tally.
    ZoneTraffic zone = new ZoneTraffic(zoneMetrics, endpointZone);
    Connector connector =
        zoneMetrics.zoned() ? settings.connector().tallying(zone) : settings.connector();
    H2Forwarder h2 =
        new H2Forwarder(
            connector, t, m, settings.drainTimeout(), settings.tls(), settings.tlsMetrics());
    Http1Forwarder h1 =
        new Http1Forwarder(
            connector, t, m, settings.idleTimeout(), h2, settings.tls(), settings.tlsMetrics());
    return new Connections(t, m, h1, h2, zone, connector);
  }

  FailureAccrual<Endpoint> newAccrual(ServicePolicy.AccrualSpec spec, Runnable changed) {
    return new FailureAccrual<>(
        new FailureAccrualConfig(spec.failures(), spec.minBackoff(), spec.maxBackoff(), true),
        clock,
        random,
        FailureAccrual.Timer.of(control),
        () -> control.execute(changed));
  }

  /** Evicts services nobody used for {@code serviceIdle} and that have nothing in flight. */
  void sweep() {
    long now = clock.getAsLong();
    for (Service s : services.values()) {
      if (now - s.lastUsedNanos() >= serviceIdle.toNanos() && s.load() == 0) {
        if (services.remove(s.name(), s)) {
          LOG.fine(() -> "service " + s.name() + " idle: no longer watched");
          s.close();
          logicalMetrics.remove(s.name());
        }
      }
    }
    metrics.servicesWatched(services.size());
  }

  /** From now on HTTP/1 responses close their connections (the proxy is shutting down). */
  public void drain() {
    synchronized (connections) {
      connections.values().forEach(s -> s.connections.http1().drain());
    }
  }

  @Override
  public void close() {
    services.values().forEach(Service::close);
    services.clear();
    control.shutdownNow();
    if (ownsResolver) {
      resolver.close();
    }
  }

  int watched() {
    return services.size();
  }

  BalancerRegistry balancers() {
    return balancers;
  }

  String defaultBalancer() {
    return defaultBalancer;
  }

  /** How far a service's last use may lag: a tenth of the idle timeout, at most a second. */
  long touchGranularityNanos() {
    return Math.min(1_000_000_000L, serviceIdle.toNanos() / 10);
  }

  String zone() {
    return zone;
  }

  /** Whether the zone-blind estimate is kept (the proxy has a zone). */
  boolean zoned() {
    return zoneMetrics.zoned();
  }

  long nanoTime() {
    return clock.getAsLong();
  }

  LongSupplier clock() {
    return clock;
  }

  RandomGenerator random() {
    return random;
  }

  OutboundMetrics metrics() {
    return metrics;
  }

  ScheduledExecutorService control() {
    return control;
  }
}

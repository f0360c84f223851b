package dev.weft.proxy.outbound;

import dev.weft.proxy.balance.FailureAccrual;
import dev.weft.proxy.balance.RetryBudget;
import dev.weft.proxy.balance.RetryBudgetConfig;
import dev.weft.proxy.balance.WeightedSplit;
import dev.weft.proxy.discovery.BackendSpec;
import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.proxy.discovery.RouteSpec;
import dev.weft.proxy.discovery.ServiceListener;
import dev.weft.proxy.discovery.ServicePolicy;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Pick;
import dev.weft.spi.balancer.Picker;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * One service the proxy sends requests to, kept up to date by discovery: its policy (routes, split,
 * retry budget), its endpoints, the balancer over them and circuit breaking. Built once per name
 * and cached by {@link OutboundTargets}; evicted when idle.
 *
 * <p>Threading: discovery's calls ({@link #endpoints}, {@link #policy}, {@link #noSuchService}) and
 * ejections change state under this object's lock, then publish immutable snapshots ({@link
 * #snapshot}, the balancer's picker) that the request path reads without locks.
 */
public final class Service implements ServiceListener {
  private static final Logger LOG = Logger.getLogger(Service.class.getName());
  private static final Picker NONE = () -> null;

  /** What a request needs of the service's policy, read without locks. */
  record Snapshot(
      ServicePolicy policy,
      WeightedSplit<String> split,
      Map<RouteSpec, WeightedSplit<String>> routeSplits,
      RetryBudget budget) {
    /** The split of a route's requests, or null when they all go to the service itself. */
    WeightedSplit<String> split(RouteSpec route) {
      WeightedSplit<String> s = routeSplits.get(route);
      return s != null ? s : split;
    }
  }

  private final String name;
  private final OutboundTargets owner;
  private final CompletableFuture<Void> answered = new CompletableFuture<>();

  private volatile Snapshot snapshot;
  private volatile Picker picker = NONE;
  private volatile String missing;
  private volatile long lastUsedNanos;

  // Guarded by this.
  private Map<InetSocketAddress, Endpoint> endpoints = Map.of();
  private Balancer balancer;
  private ServiceBalancerContext balancerContext;
  private String balancerKey;
  private FailureAccrual<Endpoint> accrual;
  private ServicePolicy.AccrualSpec accrualSpec;
  private AutoCloseable watch;
  private boolean closed;
  private volatile boolean closedFlag;

  Service(String name, OutboundTargets owner) {
    this.name = name;
    this.owner = owner;
    this.lastUsedNanos = owner.nanoTime();
    this.snapshot = snapshotOf(ServicePolicy.DEFAULT, null);
  }

  void start(AutoCloseable watch) {
    synchronized (this) {
      if (closed) {
        closeQuietly(watch);
        return;
      }
      this.watch = watch;
    }
  }

  public String name() {
    return name;
  }

  /** Completes when discovery first answered: endpoints, or that there is no such service. */
  CompletableFuture<Void> answered() {
    return answered;
  }

  /** Why the service is unknown, or null when it exists. */
  String missing() {
    return missing;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  private void publish(Picker p) {
    picker = p;
  }

  /** The context of the current balancer, or null; for tests. */
  synchronized ServiceBalancerContext balancerContext() {
    return balancerContext;
  }

  /** An endpoint for one request (or connection), or null when there is none. */
  Pick pick() {
    return picker.pick();
  }

  void touch(long now) {
    // Written only when it moved noticeably, so that event loops do not fight over its cache line.
    if (now - lastUsedNanos > owner.touchGranularityNanos()) {
      lastUsedNanos = now;
    }
  }

  /** Whether it was evicted: a request that still holds it must look its name up again. */
  boolean closed() {
    return closedFlag;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Requests in flight to its endpoints. */
  synchronized int load() {
    int n = 0;
    for (Endpoint e : endpoints.values()) {
      n += e.load();
    }
    return n;
  }

  synchronized int endpointCount() {
    return endpoints.size();
  }

  /** Its endpoints now, in no order; for tests. */
  synchronized List<Endpoint> currentEndpoints() {
    return List.copyOf(endpoints.values());
  }

  /** Counts how a request to {@code e} went, for circuit breaking. */
  void record(Endpoint e, boolean failed) {
    FailureAccrual<Endpoint> a;
    synchronized (this) {
      a = accrual;
    }
    if (a != null) {
      a.record(e, failed);
    }
  }

  @Override
  public void endpoints(Map<InetSocketAddress, EndpointSpec> specs) {
    List<Endpoint> gone = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      missing = null;
      for (Endpoint e : endpoints.values()) {
        EndpointSpec spec = specs.get(e.address());
        if (!e.spec().equals(spec)) {
          gone.add(e);
        }
      }
      // The meters of changed endpoints go first: their replacements have the same labels.
      owner.metrics().removeEndpoints(gone);
      Map<InetSocketAddress, Endpoint> next = new HashMap<>();
      for (EndpointSpec spec : specs.values()) {
        Endpoint old = endpoints.get(spec.address());
        if (old != null && old.spec().equals(spec)) {
          next.put(spec.address(), old);
        } else {
          Endpoint e = new Endpoint(spec, owner.acquire(spec));
          e.meters(owner.metrics().endpoint(name, e));
          next.put(spec.address(), e);
        }
      }
      endpoints = Map.copyOf(next);
      owner.metrics().endpointCount(name, endpoints.size());
      if (accrual != null) {
        accrual.retain(endpoints.values());
      }
      rebalance();
    }
    for (Endpoint e : gone) {
      owner.release(e.connections());
    }
    answered.complete(null);
  }

  @Override
  public void policy(ServicePolicy policy) {
    synchronized (this) {
      if (closed) {
        return;
      }
      Snapshot old = snapshot;
      snapshot =
          snapshotOf(policy, old.policy().budget().equals(policy.budget()) ? old.budget() : null);
      if (!policy.accrual().equals(accrualSpec)) {
        accrual = null;
      }
      rebalance();
    }
  }

  @Override
  public void noSuchService(String reason) {
    List<Endpoint> gone;
    synchronized (this) {
      if (closed) {
        return;
      }
      missing = reason;
      gone = new ArrayList<>(endpoints.values());
      endpoints = Map.of();
      owner.metrics().removeEndpoints(gone);
      owner.metrics().endpointCount(name, 0);
      rebalance();
    }
    for (Endpoint e : gone) {
      owner.release(e.connections());
    }
    answered.complete(null);
  }

  private Snapshot snapshotOf(ServicePolicy policy, RetryBudget budget) {
    WeightedSplit<String> split = split(policy.backends());
    Map<RouteSpec, WeightedSplit<String>> routeSplits = new IdentityHashMap<>();
    for (RouteSpec r : policy.routes()) {
      if (!r.backends().isEmpty()) {
        routeSplits.put(r, split(r.backends()));
      }
    }
    if (budget == null) {
      ServicePolicy.BudgetSpec b = policy.budget();
      budget =
          new RetryBudget(
              new RetryBudgetConfig(b.ratio(), b.minPerSecond(), b.ttl()), owner.clock());
    }
    return new Snapshot(policy, split, routeSplits, budget);
  }

  private WeightedSplit<String> split(List<BackendSpec> backends) {
    if (backends.isEmpty()) {
      return null;
    }
    return WeightedSplit.of(
        backends.stream().map(b -> Map.entry(b.name(), b.weight())).toList(), owner.random());
  }

  /**
   * Hands the balancer the endpoints requests may go to now: the ready ones (the terminating ones
   * only when none is ready) that circuit breaking has not ejected. Under the lock.
   */
  private void rebalance() {
    ServicePolicy policy = snapshot.policy();
    if (accrual == null) {
      accrualSpec = policy.accrual();
      accrual = owner.newAccrual(accrualSpec, this::ejectionsChanged);
    }
    String key = policy.balancer() + "|" + policy.balancerConfig();
    if (balancer == null || !key.equals(balancerKey)) {
      closeBalancer();
      balancer = newBalancer(policy);
      balancerKey = key;
    }
    List<Endpoint> ready = new ArrayList<>();
    List<Endpoint> terminating = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      (e.spec().ready() ? ready : terminating).add(e);
    }
    List<Endpoint> candidates = ready.isEmpty() ? terminating : ready;
    List<EndpointView> usable = new ArrayList<>(accrual.available(candidates));
    if (owner.zoned() && !usable.isEmpty()) {
      double p = remoteShare(usable);
      for (Endpoint e : endpoints.values()) {
        e.connections().zone().remoteShare(p);
      }
    }
    balancer.update(usable);
    if (usable.isEmpty()) {
      picker = NONE;
    }
  }

  /**
   * {@code p_remote} of the zone-blind estimate: the share of the usable endpoints' weight outside
   * this proxy's zone, which a balancer blind to zones would send there. Set on the connections of
   * every endpoint of the service; a target several services share takes the share of the service
   * that rebalanced last (see {@link ZoneTraffic}).
   */
  private double remoteShare(List<EndpointView> usable) {
    long total = 0;
    long remote = 0;
    for (EndpointView e : usable) {
      total += e.weight();
      if (Locality.of(owner.zone(), e.zone()) == Locality.REMOTE) {
        remote += e.weight();
      }
    }
    return (double) remote / total;
  }

  /** Closes the balancer, if any, and retires its context: its meters go with it. */
  private void closeBalancer() {
    if (balancer != null) {
      balancer.close();
      balancer = null;
    }
    if (balancerContext != null) {
      balancerContext.retire();
      balancerContext = null;
    }
  }

  private void ejectionsChanged() {
    synchronized (this) {
      if (!closed) {
        rebalance();
      }
    }
  }

  private Balancer newBalancer(ServicePolicy policy) {
    BalancerProvider provider =
        owner
            .balancers()
            .select(policy.balancer().isEmpty() ? owner.defaultBalancer() : policy.balancer())
            .provider();
    balancerContext = new ServiceBalancerContext(name, provider.name(), owner, this::publish);
    BalancerContext context = balancerContext;
    ConfigResult<?> parsed = provider.parseConfig(policy.balancerConfig());
    if (!parsed.ok()) {
      LOG.warning(() ->
          name
              + ": balancer configuration from "
              + policy.source()
              + " ignored: "
              + String.join("; ", parsed.errors())
              + " (using its defaults)");
      return provider.newBalancer(context, provider.parseConfig(Map.of()).value());
    }
    return provider.newBalancer(context, parsed.value());
  }

  /** Stops watching and lets its connections go. */
  void close() {
    List<Endpoint> gone;
    AutoCloseable w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closedFlag = true;
      w = watch;
      gone = new ArrayList<>(endpoints.values());
      endpoints = Map.of();
      owner.metrics().removeEndpoints(gone);
      owner.metrics().endpointCount(name, 0);
      closeBalancer();
      if (accrual != null) {
        accrual.close();
      }
      picker = NONE;
    }
    closeQuietly(w);
    for (Endpoint e : gone) {
      owner.release(e.connections());
    }
    answered.complete(null);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.fine(() -> "closing a watch: " + e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

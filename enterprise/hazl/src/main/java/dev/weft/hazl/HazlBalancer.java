package dev.weft.hazl;

import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Picker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The {@code hazl} balancer of one service: sends to the nearest zones whose endpoints are healthy,
 * as many zones as the load needs, and leaves the choice among their endpoints to the proxy's
 * default balancer (a child fed the active healthy endpoints). A second child over every healthy
 * endpoint serves redraws (see {@link HazlPicker}).
 *
 * <p>The active zones are the first {@code k} usable ones (with a healthy endpoint) in {@link
 * ZoneOrder}. So when the local zone has no endpoint or none healthy, the next zones take its place
 * at once, and it takes its place back as soon as it is usable again; {@code k} itself moves by the
 * load band, in {@link #tick}: one zone up above the band, one down below it if the load on the
 * remaining endpoints would stay under the band's top (else removing would add it back at once),
 * never twice within {@link #COOLDOWN_NANOS}.
 *
 * <p>Threading: {@link #update} and {@link #close} come from the proxy's control thread, {@link
 * #tick} from the provider's tick thread; all three hold this object's lock. Outcomes come on event
 * loops and only touch {@link EndpointState}'s atomics; one that changes an endpoint's health asks
 * for a tick at once.
 */
final class HazlBalancer implements Balancer {
  static final Duration TICK = Duration.ofMillis(100);
  static final long COOLDOWN_NANOS = 1_000_000_000L;

  private static final Logger LOG = Logger.getLogger(HazlBalancer.class.getName());

  private enum Change {
    ADDED,
    REMOVED
  }

  private final BalancerContext context;
  private final HazlConfig config;
  private final ZoneOrder order;
  private final LongSupplier clock;
  private final TickScheduler ticks;
  private final HazlMetrics metrics;
  private final double decayNanos;
  private final Balancer activeChild;
  private final Balancer allChild;
  private final AtomicBoolean tickPending = new AtomicBoolean();
  private final Runnable cancelTicks;

  private volatile Picker activePicker;
  private volatile Picker allPicker;
  // The thread updating the children, whose publications this balancer makes once at the end.
  private volatile Thread batching;
  private volatile boolean closed;
  // Replaced whole, never modified: pickers read it without locks.
  private volatile Map<EndpointView, EndpointState> states = new IdentityHashMap<>();

  // Guarded by this; fedActive and fedAll are also read by publish() without the lock.
  private List<EndpointState> available = List.of();
  private int zonesWanted = 1;
  private long lastChange;
  private long lastTick;
  private double smoothedInFlight;
  private final LongAdder completions = new LongAdder();
  private long completionsSeen;
  private double smoothedRate; // requests ended per second
  private List<String> activeZones = List.of();
  private volatile List<EndpointView> fedActive;
  // The endpoints probed while zones were added: those of every active zone but the last.
  private volatile List<EndpointView> probed = List.of();
  private volatile List<EndpointView> fedAll;

  HazlBalancer(BalancerContext context, HazlConfig config, TickScheduler ticks) {
    this.context = context;
    this.config = config;
    this.order = new ZoneOrder(context.localZone(), config.zoneOrder());
    this.clock = context::nanoTime;
    this.ticks = ticks;
    this.decayNanos = config.loadDecay().toNanos();
    long now = clock.getAsLong();
    this.lastTick = now;
    this.lastChange = now - COOLDOWN_NANOS;
    this.metrics = new HazlMetrics(context, config);
    this.activeChild =
        context.newDefaultBalancer(p -> {
          activePicker = p;
          childPublished();
        });
    this.allChild =
        context.newDefaultBalancer(p -> {
          allPicker = p;
          childPublished();
        });
    this.cancelTicks = ticks.every(TICK, () -> tick(clock.getAsLong()));
  }

  @Override
  public synchronized void update(List<EndpointView> endpoints) {
    if (closed) {
      return;
    }
    Map<EndpointView, EndpointState> old = states;
    Map<EndpointView, EndpointState> next = new IdentityHashMap<>();
    List<EndpointState> list = new ArrayList<>(endpoints.size());
    for (EndpointView e : endpoints) {
      if (next.containsKey(e)) {
        continue; // a view listed twice is still one endpoint
      }
      EndpointState s = old.get(e);
      if (s == null) {
        s = new EndpointState(e, clock, this::requestTick, completions);
      }
      next.put(e, s);
      list.add(s);
    }
    states = next;
    available = List.copyOf(list);
    long now = clock.getAsLong();
    apply(order.groups(available, now), null, true);
  }

  /**
   * Smooths the load, moves the number of active zones by the band, and follows the endpoints'
   * health. Run every {@link #TICK} and when an endpoint's health changes; tests call it with their
   * own clock.
   */
  synchronized void tick(long now) {
    tickPending.set(false);
    if (closed) {
      return;
    }
    double inFlight = 0;
    for (EndpointState s : available) {
      inFlight += s.load();
    }
    // The demand on the service, not only on the active zones: a zone just removed still
    // finishes requests, and counting them keeps the load steady across the change.
    double w = Math.exp(-Math.max(0, now - lastTick) / decayNanos);
    smoothedInFlight = smoothedInFlight * w + inFlight * (1 - w);
    long ended = completions.sum();
    if (now - lastTick > 0) {
      double rate = (ended - completionsSeen) / ((now - lastTick) / 1e9);
      smoothedRate = smoothedRate * w + rate * (1 - w);
    }
    completionsSeen = ended;
    lastTick = now;

    List<ZoneGroup> groups = order.groups(available, now);
    List<ZoneGroup> usable = usable(groups);
    int k = Math.max(1, Math.min(zonesWanted, usable.size()));
    Change change = null;
    if (!order.zoneBlind() && now - lastChange >= COOLDOWN_NANOS) {
      int active = healthyCount(usable, k);
      double load = active == 0 ? 0 : smoothedInFlight / active;
      if (load > config.bandHigh() && k < usable.size()) {
        zonesWanted = k + 1;
        change = Change.ADDED;
      } else if (load < config.bandLow() && k > 1) {
        int remaining = active - usable.get(k - 1).healthy().size();
        // Two projections of the load on the remaining zones, both under the band's top: the
        // requests in flight now, and Little's law (throughput x the remaining zones' latency),
        // which sees that a slow zone would take on many more requests in flight than it holds
        // now that faster zones serve most of them.
        double latency = meanLatencySeconds(usable.subList(0, k - 1));
        boolean fitsNow = smoothedInFlight / remaining < config.bandHigh();
        boolean fitsByLittle =
            Double.isNaN(latency) || smoothedRate * latency / remaining < config.bandHigh();
        if (fitsNow && fitsByLittle) {
          zonesWanted = k - 1;
          change = Change.REMOVED;
        }
      }
      if (change != null) {
        lastChange = now;
      }
    }
    apply(groups, change, false);
  }

  /** Makes the first {@code zonesWanted} usable zones active, feeding the children as needed. */
  private void apply(List<ZoneGroup> groups, Change change, boolean alwaysPublish) {
    List<ZoneGroup> usable = usable(groups);
    zonesWanted = Math.max(1, Math.min(zonesWanted, usable.size()));
    List<ZoneGroup> activeGroups = usable.subList(0, Math.min(zonesWanted, usable.size()));
    List<EndpointView> active = healthy(activeGroups);
    List<EndpointView> all = healthy(usable);
    if (all.isEmpty()) {
      // Nothing healthy: trying every endpoint beats refusing every request.
      activeGroups = groups;
      active = new ArrayList<>(available.size());
      for (EndpointState s : available) {
        active.add(s.endpoint());
      }
      all = active;
    }
    List<String> zones = activeGroups.stream().map(ZoneGroup::zone).toList();
    double load = active.isEmpty() ? 0 : smoothedInFlight / active.size();
    if (!zones.equals(activeZones)) {
      logChange(change, zones, groups, load);
      activeZones = zones;
    }

    List<EndpointView> probe =
        order.zoneBlind() || activeGroups.size() < 2 || all == active
            ? List.of()
            : healthy(activeGroups.subList(0, activeGroups.size() - 1));
    boolean fed = !sameViews(probe, probed);
    probed = probe;
    batching = Thread.currentThread();
    try {
      if (!sameViews(active, fedActive)) {
        activeChild.update(active);
        fedActive = active;
        fed = true;
      }
      if (!sameViews(all, fedAll)) {
        allChild.update(all);
        fedAll = all;
        fed = true;
      }
    } finally {
      batching = null;
    }
    metrics.load = load;
    metrics.activeEndpoints = active.size();
    metrics.availableEndpoints = available.size();
    metrics.activeZones = order.zoneBlind() ? distinctZones(active) : activeGroups.size();
    if (fed || alwaysPublish) {
      publish();
    }
  }

  private void logChange(Change change, List<String> zones, List<ZoneGroup> groups, double load) {
    String band = String.format(Locale.ROOT, "load %.2f, band %s..%s", load, low(), high());
    if (change == Change.ADDED) {
      metrics.added.increment();
      LOG.info(() ->
          "hazl "
              + context.service()
              + ": zone "
              + label(zones.getLast())
              + " added ("
              + band
              + "); active zones "
              + labels(zones));
    } else if (change == Change.REMOVED) {
      metrics.removed.increment();
      String removed = activeZones.getLast();
      LOG.info(() ->
          "hazl "
              + context.service()
              + ": zone "
              + label(removed)
              + " removed ("
              + band
              + "); active zones "
              + labels(zones));
    } else if (!activeZones.isEmpty() && !zones.isEmpty()) {
      // Health or discovery moved the zones: the first usable ones changed.
      metrics.failovers.increment();
      List<String> unusable = new ArrayList<>();
      for (String z : activeZones) {
        if (groups.stream().noneMatch(g -> g.zone().equals(z))) {
          unusable.add(label(z) + ": no endpoint");
        }
      }
      for (ZoneGroup g : groups) {
        if (!g.usable()) {
          unusable.add(g.label() + ": none healthy");
        }
      }
      List<String> before = activeZones;
      LOG.info(() ->
          "hazl "
              + context.service()
              + ": failover from zones "
              + labels(before)
              + " to "
              + labels(zones)
              + " ("
              + (unusable.isEmpty() ? "nearer zones usable again" : String.join(", ", unusable))
              + "; "
              + band
              + ")");
    }
  }

  /** Runs a tick soon on the tick thread; several requests before it runs make one tick. */
  private void requestTick() {
    if (!closed && tickPending.compareAndSet(false, true)) {
      ticks.execute(() -> tick(clock.getAsLong()));
    }
  }

  private void childPublished() {
    if (batching != Thread.currentThread()) {
      publish(); // a child publishing on its own, outside an update of this balancer
    }
  }

  private void publish() {
    if (!closed) {
      Map<EndpointView, EndpointState> m = states;
      context.publish(
          new HazlPicker(
              activePicker,
              allPicker,
              m,
              statesOf(fedActive, m),
              statesOf(fedAll, m),
              statesOf(probed, m),
              clock,
              context.random()));
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelTicks.run();
    activeChild.close();
    allChild.close();
  }

  /** The zones taking traffic now, nearest first; for tests. */
  synchronized List<String> activeZones() {
    return activeZones;
  }

  /** What this balancer knows of {@code endpoint}, or null; for tests. */
  EndpointState stateOf(EndpointView endpoint) {
    return states.get(endpoint);
  }

  /** The smoothed load per active endpoint; for tests. */
  double load() {
    return metrics.load;
  }

  private static List<ZoneGroup> usable(List<ZoneGroup> groups) {
    return groups.stream().filter(ZoneGroup::usable).toList();
  }

  /** The mean answer latency of the healthy endpoints of {@code groups}; NaN when none answered. */
  private static double meanLatencySeconds(List<ZoneGroup> groups) {
    double sum = 0;
    int n = 0;
    for (ZoneGroup g : groups) {
      for (EndpointState s : g.available()) {
        double l = s.latencySeconds();
        if (!Double.isNaN(l)) {
          sum += l;
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static int healthyCount(List<ZoneGroup> usable, int k) {
    int n = 0;
    for (int i = 0; i < k && i < usable.size(); i++) {
      n += usable.get(i).healthy().size();
    }
    return n;
  }

  private static List<EndpointView> healthy(List<ZoneGroup> groups) {
    List<EndpointView> views = new ArrayList<>();
    for (ZoneGroup g : groups) {
      views.addAll(g.healthy());
    }
    return views;
  }

  private static boolean sameViews(List<EndpointView> a, List<EndpointView> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static List<EndpointState> statesOf(
      List<EndpointView> views, Map<EndpointView, EndpointState> states) {
    List<EndpointState> list = new ArrayList<>();
    if (views != null) {
      for (EndpointView v : views) {
        EndpointState s = states.get(v);
        if (s != null) {
          list.add(s);
        }
      }
    }
    return list;
  }

  private static int distinctZones(List<EndpointView> views) {
    Set<String> zones = new HashSet<>();
    for (EndpointView v : views) {
      zones.add(v.zone() == null ? "" : v.zone());
    }
    return zones.size();
  }

  private String low() {
    return HazlConfig.plain(config.bandLow());
  }

  private String high() {
    return HazlConfig.plain(config.bandHigh());
  }

  private static String label(String zone) {
    return zone.isEmpty() ? "(no zone)" : zone;
  }

  private static String labels(List<String> zones) {
    return zones.stream().map(HazlBalancer::label).toList().toString();
  }
}

package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A HAZL balancer over fake endpoints, with the test's clock and ticks: a test moves time by ticks
 * of {@link HazlBalancer#TICK}, sets loads, and picks.
 */
final class Harness {
  static final Outcome OK = new Outcome(Outcome.Kind.SUCCESS, 1_000_000, 0);
  static final Outcome REFUSED = new Outcome(Outcome.Kind.UNREACHABLE, 1_000_000, 0);

  final TestContext context;
  final ManualTicks ticks = new ManualTicks();
  final HazlBalancer balancer;
  private final List<FakeEndpoint> endpoints = new ArrayList<>();
  private int nextPort = 8000;

  /**
   * @param config on top of {@code load.decay=10ms}, so that the load follows the endpoints' at
   *     once unless a test asks for smoothing
   */
  Harness(String localZone, Map<String, String> config) {
    this.context = new TestContext(localZone, 42);
    Map<String, String> c = new TreeMap<>(Map.of("load.decay", "10ms"));
    c.putAll(config);
    this.balancer = new HazlBalancer(context, HazlConfig.parse(c).value(), ticks);
  }

  Harness(String localZone) {
    this(localZone, Map.of());
  }

  /** {@code n} more endpoints in {@code zone}, made available at once. */
  List<FakeEndpoint> add(String zone, int n) {
    List<FakeEndpoint> added = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      added.add(new FakeEndpoint(zone, nextPort++));
    }
    endpoints.addAll(added);
    update();
    return added;
  }

  void remove(List<FakeEndpoint> gone) {
    endpoints.removeAll(gone);
    update();
  }

  void update() {
    balancer.update(List.<EndpointView>copyOf(endpoints));
  }

  /** Moves the clock one tick and runs it. */
  void tick() {
    balancer.tick(context.advance(HazlBalancer.TICK));
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** Ticks for {@code d}. */
  void ticks(Duration d) {
    ticks((int) (d.toNanos() / HazlBalancer.TICK.toNanos()));
  }

  /** Spreads {@code inFlight} requests over {@code of} (the rest of each is 0). */
  static void load(List<FakeEndpoint> of, int inFlight) {
    for (int i = 0; i < of.size(); i++) {
      of.get(i).load.set(inFlight / of.size() + (i < inFlight % of.size() ? 1 : 0));
    }
  }

  List<String> zones() {
    return balancer.activeZones();
  }

  /** Picks once and ends the request with {@code outcome}; the zone of the endpoint chosen. */
  String pickZone(Outcome outcome) {
    Pick p = context.picker().pick();
    p.done(outcome);
    return p.endpoint().zone();
  }

  /** How many of {@code n} successful picks went to each zone. */
  Map<String, Integer> spread(int n) {
    Map<String, Integer> byZone = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byZone.merge(pickZone(OK), 1, Integer::sum);
    }
    return byZone;
  }

  double gauge(String key) {
    return context.gauges.get(key).getAsDouble();
  }

  double counter(String key) {
    return context.counters.get(key).getAsDouble();
  }

  double changes(String change) {
    return counter("weft_hazl_zone_changes{change=" + change + "}");
  }

  double allChanges() {
    return changes("added") + changes("removed") + changes("failover");
  }
}

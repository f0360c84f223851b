package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PeakEwmaBalancerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final TestBalancerContext context = new TestBalancerContext(clock, 42);
  private final Balancer balancer =
      new PeakEwmaProvider().newBalancer(context, PeakEwmaConfig.DEFAULT);
  private final TestEndpoint a = new TestEndpoint(7001);
  private final TestEndpoint b = new TestEndpoint(7002);
  private List<EndpointView> current = List.of();

  @Test
  void slowEndpointLosesNearlyAllPicks() {
    update(List.of(a, b));
    Map<EndpointView, Integer> picks = run(1000, Duration.ofMillis(1), e -> e == a ? 50 : 1);
    assertTrue(picks.getOrDefault(a, 0) < 100, "slow endpoint got " + picks);
    assertTrue(picks.getOrDefault(b, 0) > 900, "fast endpoint got " + picks);
  }

  @Test
  void recoveredEndpointRegainsShareAfterDecayTime() {
    update(List.of(a, b));
    run(1000, Duration.ofMillis(1), e -> e == a ? 50 : 1);
    // a has recovered; as time passes its old peak decays and it is tried again.
    run(8000, Duration.ofMillis(10), e -> 1);
    Map<EndpointView, Integer> late = run(2000, Duration.ofMillis(10), e -> 1);
    assertTrue(late.getOrDefault(a, 0) > 600, "recovered endpoint got " + late);
  }

  @Test
  void anUnobservedEndpointIsTriedAgainstAnObservedRival() {
    update(List.of(a, b));
    observe(b, 40);
    assertSame(a, pickAndFinish(1), "never observed: assumed as fast as b, and tried");
    // Measured now at 1 ms, it keeps winning on its own merit.
    for (int i = 0; i < 20; i++) {
      assertSame(a, pickAndFinish(1));
    }
    TestEndpoint c = new TestEndpoint(7003);
    TestEndpoint d = new TestEndpoint(7004);
    update(List.of(c, d));
    observe(d, 20);
    c.load.set(1); // busy: even assumed as fast as d, it costs twice as much
    for (int i = 0; i < 20; i++) {
      assertSame(d, pickAndFinish(20), "an idle observed endpoint beats a busy unobserved one");
    }
  }

  @Test
  void aNewEndpointStartsFromItsPeersEstimate() {
    update(List.of(a, b));
    observe(a, 10);
    observe(b, 30);
    TestEndpoint c = new TestEndpoint(7003);
    update(List.of(a, b, c));
    assertEquals(
        ms(20),
        ((PeakEwmaBalancer) balancer).node(c).latency(TestTime.nanos(clock).getAsLong()),
        ms(1),
        "the mean of a and b, not the 30 ms default");
  }

  @Test
  void loadAndWeightScaleTheCost() {
    update(List.of(a, b));
    observe(a, 10);
    observe(b, 10);
    a.load.set(3);
    for (int i = 0; i < 20; i++) {
      assertSame(b, pickAndFinish(10), "a has 3 requests in flight");
    }
    TestEndpoint heavy = new TestEndpoint(7003, 1000);
    update(List.of(b, heavy));
    observe(heavy, 50); // 50 ms at 10x the weight costs less than 10 ms
    for (int i = 0; i < 20; i++) {
      assertSame(heavy, pickAndFinish(50));
    }
  }

  @Test
  void requestsInFlightCountWhenTheProxyReportsNoLoad() {
    update(List.of(a, b));
    Pick first = context.picker().pick();
    Pick second = context.picker().pick();
    assertTrue(first.endpoint() != second.endpoint(), "the busy endpoint is avoided");
    first.done(new Outcome(Outcome.Kind.SUCCESS, ms(5), 0));
    second.done(new Outcome(Outcome.Kind.SUCCESS, ms(5), 0));
    assertEquals(0, ((PeakEwmaNode) first).inFlight());
  }

  @Test
  void theWorstOfThreeIsNeverPicked() {
    TestEndpoint c = new TestEndpoint(7003);
    update(List.of(a, b, c));
    Map<EndpointView, Integer> picks = run(300, Duration.ofMillis(1), e -> e == c ? 500 : 2);
    // c is picked only while it has no estimate yet; afterwards two distinct draws always
    // include a cheaper endpoint.
    assertTrue(picks.getOrDefault(c, 0) <= 1, "worst endpoint got " + picks);
  }

  @Test
  void failureIsPenalisedAboveItsOwnLatency() {
    update(List.of(a, b));
    observe(a, 10);
    observe(b, 12);
    Pick p = context.picker().pick();
    assertSame(a, p.endpoint());
    // A quick 503 must not make the endpoint look fast.
    p.done(new Outcome(Outcome.Kind.OVERLOADED, ms(1), 0));
    double latency = ((PeakEwmaNode) p).latency(TestTime.nanos(clock).getAsLong());
    assertEquals(300.0, latency / 1e6, 0.001, "10 x max(10 ms estimate, 30 ms default)");
    Map<EndpointView, Integer> picks = run(50, Duration.ofMillis(1), e -> 12);
    assertEquals(Map.of(b, 50), picks);
  }

  @Test
  void cancelledRequestsTeachNothing() {
    update(List.of(a, b));
    observe(a, 10);
    observe(b, 12);
    Pick p = context.picker().pick();
    p.done(new Outcome(Outcome.Kind.CANCELLED, ms(1000), 0));
    assertEquals(10.0, ((PeakEwmaNode) p).latency(TestTime.nanos(clock).getAsLong()) / 1e6, 0.001);
  }

  @Test
  void retryAfterAvoidsTheEndpointUntilItPasses() {
    update(List.of(a, b));
    observe(a, 1);
    observe(b, 5000);
    Pick p = context.picker().pick();
    assertSame(a, p.endpoint());
    p.done(new Outcome(Outcome.Kind.OVERLOADED, ms(1), Duration.ofSeconds(5).toNanos()));
    // b costs 5 s, far above a's penalty of 300 ms: only the Retry-After keeps a out.
    Map<EndpointView, Integer> during = run(49, Duration.ofMillis(100), e -> 5000);
    assertEquals(Map.of(b, 49), during);
    clock.advance(Duration.ofMillis(100));
    assertSame(a, pickAndFinish(1), "Retry-After of 5 s has passed");
  }

  @Test
  void allAvoidedStillPicks() {
    update(List.of(a, b));
    Outcome wait = new Outcome(Outcome.Kind.OVERLOADED, ms(1), Duration.ofSeconds(30).toNanos());
    context.picker().pick().done(wait);
    context.picker().pick().done(wait); // the other one: an avoided endpoint loses
    Pick p = context.picker().pick();
    assertNotNull(p);
    update(List.of(a));
    assertSame(a, context.picker().pick().endpoint(), "a lone endpoint is picked even if avoided");
  }

  @Test
  void whatWasLearnedSurvivesUpdatesAndEmptyMeansNone() {
    update(List.of(a, b));
    observe(a, 80);
    observe(b, 10);
    TestEndpoint c = new TestEndpoint(7003);
    update(List.of(a, c));
    // c is unobserved, a kept its 80 ms: c is tried, and once measured at 30 ms keeps winning.
    assertSame(c, pickAndFinish(30));
    assertSame(c, pickAndFinish(30));
    update(List.of());
    assertNull(context.picker().pick());
    balancer.close();
    balancer.update(List.of((EndpointView) a));
    assertNull(context.picker().pick(), "no picker is published after close");
  }

  @Test
  void concurrentOutcomesKeepTheCountsExact() throws Exception {
    update(List.of(a, b));
    List<Pick> picks = new java.util.ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      picks.add(context.picker().pick());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<Pick> mine = picks.subList(t * 1000, (t + 1) * 1000);
        done.add(
            pool.submit(
                () -> mine.forEach(p -> p.done(new Outcome(Outcome.Kind.SUCCESS, ms(3), 0)))));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Pick p : picks) {
      assertEquals(0, ((PeakEwmaNode) p).inFlight());
    }
  }

  private Map<EndpointView, Integer> run(
      int requests, Duration step, Function<EndpointView, Integer> latencyMs) {
    Map<EndpointView, Integer> picks = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      Pick p = context.picker().pick();
      picks.merge(p.endpoint(), 1, Integer::sum);
      p.done(new Outcome(Outcome.Kind.SUCCESS, ms(latencyMs.apply(p.endpoint())), 0));
      clock.advance(step);
    }
    return picks;
  }

  private EndpointView pickAndFinish(int latencyMs) {
    Pick p = context.picker().pick();
    p.done(new Outcome(Outcome.Kind.SUCCESS, ms(latencyMs), 0));
    return p.endpoint();
  }

  private void update(List<? extends EndpointView> endpoints) {
    current = List.copyOf(endpoints);
    balancer.update(current);
  }

  /** Feeds one latency to {@code e}, as if a request to it had ended now. */
  private void observe(TestEndpoint e, int latencyMs) {
    ((PeakEwmaBalancer) balancer).node(e).observe(ms(latencyMs), TestTime.nanos(clock).getAsLong());
  }

  private static long ms(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}

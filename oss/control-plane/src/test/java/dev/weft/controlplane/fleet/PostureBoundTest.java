package dev.weft.controlplane.fleet;

import static dev.weft.controlplane.fleet.InventoryTestServer.edge;
import static dev.weft.controlplane.fleet.InventoryTestServer.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The posture store's bound over the whole fleet, and what a steady proxy's samples share. */
class PostureBoundTest {
  static final String AUTHORS = "authors.demo.serviceaccount.identity.weft.cluster.local";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));

  @Test
  void aFleetTooLargeForADayKeepsItsNewestSamplesWithinTheBound() throws Exception {
    FleetInventory inventory = InventoryTestServer.inventory(clock, "local", List::of, 1_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new InventoryMetrics(registry, inventory);
    // Ten proxies of ten edges each, every minute for two hours: 12,000 edge entries reported.
    for (int minute = 0; minute < 120; minute++) {
      clock.set(Instant.parse("2026-11-23T09:00:30Z").plus(Duration.ofMinutes(minute)));
      for (int p = 0; p < 10; p++) {
        inventory.report(heartbeat("books-" + p, minute));
        assertTrue(inventory.storedEdgeEntries() <= 1_000, "never above the bound");
      }
    }
    assertTrue(inventory.samplesDropped() > 0);
    assertEquals(
        inventory.samplesDropped(),
        registry.get("weft.fleet.posture.samples.dropped").functionCounter().count());
    assertEquals(
        inventory.storedEdgeEntries(),
        registry.get("weft.fleet.posture.edge.entries").gauge().value());
    // The last five minutes are whole: 10 proxies x 10 edges x 1 request a minute.
    assertEquals(10 * 10 * 5, inventory.posture(PostureWindow.parse("5m")).summary().requests());
    // 90 minutes reach back only as far as what was kept (about nine minutes): less, never
    // more, than was sent.
    long kept = inventory.posture(PostureWindow.parse("90m")).summary().requests();
    assertTrue(kept >= 10 * 10 * 8 && kept < 10 * 10 * 90, "what was kept: " + kept);
  }

  @Test
  void instancesGoneForADayTakeTheirSamplesWithThem() throws Exception {
    FleetInventory inventory = InventoryTestServer.inventory(clock, "local", List::of, 1_000);
    inventory.report(heartbeat("books-0", 1));
    inventory.report(heartbeat("books-1", 1));
    assertEquals(20, inventory.storedEdgeEntries());
    clock.set(clock.instant().plus(Duration.ofHours(25)));
    inventory.report(heartbeat("books-2", 1));
    assertEquals(10, inventory.storedEdgeEntries(), "only books-2's edges are left");
  }

  @Test
  void aSteadyProxysSamplesShareTheirNamesAndUnmovedCounts() {
    InstanceRecord record = new InstanceRecord("books-0");
    Instant t = Instant.parse("2026-11-23T09:00:10Z");
    record.update(
        proxy("books-0", "books", "demo")
            .addEdges(edge("outbound", "127.0.0.1:7722", AUTHORS, 1, Map.of("authors:80", 10L)))
            .addEdges(edge("outbound", "127.0.0.1:7723", AUTHORS, 1, Map.of("idle:80", 5L)))
            .build(),
        t);
    record.update(
        proxy("books-0", "books", "demo")
            .addEdges(edge("outbound", "127.0.0.1:7722", AUTHORS, 1, Map.of("authors:80", 12L)))
            .addEdges(edge("outbound", "127.0.0.1:7723", AUTHORS, 1, Map.of("idle:80", 5L)))
            .build(),
        t.plus(Duration.ofMinutes(1)));
    List<PostureSample> samples = record.samples();
    assertEquals(2, samples.size());
    Map<EdgeKey, EdgeCounts> first = samples.get(0).edges();
    Map<EdgeKey, EdgeCounts> second = samples.get(1).edges();
    EdgeKey busy = new EdgeKey("outbound", "127.0.0.1:7722", true, AUTHORS);
    EdgeKey idle = new EdgeKey("outbound", "127.0.0.1:7723", true, AUTHORS);
    assertSame(key(first, busy), key(second, busy), "one key object for both samples");
    assertSame(first.get(idle), second.get(idle), "unmoved counts are the same object");
    assertEquals(Map.of("authors:80", 12L), second.get(busy).requests());
    assertSame(
        first.get(busy).requests().keySet().iterator().next(),
        second.get(busy).requests().keySet().iterator().next(),
        "one authority string");
  }

  private static EdgeKey key(Map<EdgeKey, EdgeCounts> edges, EdgeKey equal) {
    return edges.keySet().stream().filter(equal::equals).findFirst().orElseThrow();
  }

  /** Ten edges, each with {@code minute} requests so far. */
  private static Heartbeat heartbeat(String instance, long minute) {
    Heartbeat.Builder b = proxy(instance, "books", "demo");
    for (int e = 0; e < 10; e++) {
      b.addEdges(
          edge(
              "outbound",
              "127.0.0.1:" + (7000 + e),
              AUTHORS,
              1,
              Map.of("authors-" + e + ":80", minute)));
    }
    return b.build();
  }
}

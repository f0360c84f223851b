package dev.weft.hazl;

import static dev.weft.hazl.Harness.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A slow local zone: traffic spills, and the zone other zones help is not given its traffic back
 * while Little's law says it would overflow (it holds few requests only because faster zones serve
 * most of them), and is given it back once probes show it fast again.
 */
class HazlRecoveryTest {
  final Harness h = new Harness("zone-a");
  final List<FakeEndpoint> a = h.add("zone-a", 2);
  final List<FakeEndpoint> b = h.add("zone-b", 2);

  /** 200 requests per second, each answered at once with the latency of its zone. */
  private Map<String, Integer> tickWithTraffic(Duration localLatency) {
    Map<String, Integer> byZone = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      Pick p = h.context.picker().pick();
      String zone = p.endpoint().zone();
      long nanos = zone.equals("zone-a") ? localLatency.toNanos() : Duration.ofMillis(1).toNanos();
      p.done(new Outcome(Outcome.Kind.SUCCESS, nanos, 0));
      byZone.merge(zone, 1, Integer::sum);
    }
    h.tick();
    return byZone;
  }

  @Test
  void aSlowZoneIsNotGivenItsTrafficBackWhileThroughputTimesItsLatencyExceedsTheBand() {
    load(a, 5); // the local zone overflows: the next zone helps
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    load(a, 0);

    // Few requests are in flight (they end at once), but 200/s x 100 ms over two endpoints is 10.
    for (int i = 0; i < 100; i++) {
      tickWithTraffic(Duration.ofMillis(100));
    }
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    assertEquals(0, h.changes("removed"));
  }

  @Test
  void probesSeeTheZoneFastAgainAndTrafficComesBack() {
    load(a, 5);
    h.tick();
    load(a, 0);
    for (int i = 0; i < 50; i++) {
      tickWithTraffic(Duration.ofMillis(100));
    }
    assertEquals(List.of("zone-a", "zone-b"), h.zones());

    int ticks = 0;
    while (!h.zones().equals(List.of("zone-a")) && ticks < 100) {
      tickWithTraffic(Duration.ofMillis(1));
      ticks++;
    }
    assertEquals(List.of("zone-a"), h.zones(), "after " + ticks + " ticks of a fast zone-a");
    assertEquals(1, h.changes("removed"));
    Map<String, Integer> after = tickWithTraffic(Duration.ofMillis(1));
    assertEquals(Map.of("zone-a", 20), after);
  }

  @Test
  void whileZonesHelpEachNearerEndpointIsProbedAboutFourTimesASecond() {
    load(a, 5);
    h.tick();
    load(a, 0);
    Map<String, Integer> local = new TreeMap<>();
    // A second of traffic while zone-a is far slower than zone-b.
    for (int i = 0; i < 10; i++) {
      tickWithTraffic(Duration.ofMillis(500)).forEach((z, n) -> local.merge(z, n, Integer::sum));
    }
    int probesAtLeast = 2 * 4; // two endpoints, one probe each per 250 ms
    assertTrue(local.getOrDefault("zone-a", 0) >= probesAtLeast, local::toString);
    assertTrue(local.getOrDefault("zone-b", 0) > local.getOrDefault("zone-a", 0), local::toString);
  }
}

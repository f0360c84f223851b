package dev.weft.hazl;

import static dev.weft.hazl.Harness.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load band, driven tick by tick: which zones are active as the load moves. */
class HazlBandTest {
  final Harness h = new Harness("zone-a");
  final List<FakeEndpoint> a = h.add("zone-a", 2);
  final List<FakeEndpoint> b = h.add("zone-b", 2);
  final List<FakeEndpoint> c = h.add("zone-c", 2);

  @Test
  void insideTheBandEveryRequestStaysLocal() {
    load(a, 3); // 1.5 per local endpoint
    h.ticks(Duration.ofSeconds(10));
    assertEquals(List.of("zone-a"), h.zones());
    assertEquals(1.5, h.balancer.load(), 0.01);
    assertEquals(Map.of("zone-a", 5000), h.spread(5000));
    assertEquals(0, h.allChanges());
  }

  @Test
  void aboveTheBandAddsOneZoneThenTheNextOnlyAfterTheCooldown() {
    load(a, 5); // 2.5 per local endpoint
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    assertEquals(1, h.changes("added"));

    // Still above the band over the four active endpoints: the next zone waits a second.
    load(a, 6);
    load(b, 4);
    h.ticks(9);
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    h.tick();
    assertEquals(List.of("zone-a", "zone-b", "zone-c"), h.zones());
    assertEquals(2, h.changes("added"));
    Map<String, Integer> spread = h.spread(3000);
    assertEquals(3, spread.size(), spread::toString);
  }

  @Test
  void aZoneIsAddedOnlyWhileTheLoadStaysAbove() {
    load(a, 5);
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    load(a, 3);
    load(b, 3); // 1.5 over four: inside the band
    h.ticks(Duration.ofSeconds(5));
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    assertEquals(1, h.allChanges());
  }

  @Test
  void belowTheBandTheFarthestZoneIsRemovedAfterTheCooldown() {
    load(a, 5);
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    load(a, 1);
    load(b, 1); // 0.5 over four; 1.0 over the two local ones
    h.ticks(9);
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    h.tick();
    assertEquals(List.of("zone-a"), h.zones());
    assertEquals(1, h.changes("removed"));
    load(b, 0);
    h.spread(1000).keySet().forEach(z -> assertEquals("zone-a", z));
  }

  @Test
  void aZoneIsNotRemovedWhenItsLoadWouldPushTheRestAboveTheBand() {
    Harness uneven = new Harness("zone-a");
    List<FakeEndpoint> one = uneven.add("zone-a", 1);
    List<FakeEndpoint> four = uneven.add("zone-b", 4);
    load(one, 3); // 3 on the only local endpoint
    uneven.tick();
    assertEquals(List.of("zone-a", "zone-b"), uneven.zones());
    // 0.6 per endpoint over five is below the band, but back on one endpoint it would be 3.
    load(one, 1);
    load(four, 2);
    uneven.ticks(Duration.ofSeconds(30));
    assertEquals(List.of("zone-a", "zone-b"), uneven.zones());
    assertEquals(1, uneven.allChanges());
  }

  @Test
  void aLoadSwingingAcrossTheEdgesDoesNotFlap() {
    Harness smooth = new Harness("zone-a", Map.of("load.decay", "1s"));
    List<FakeEndpoint> local = smooth.add("zone-a", 2);
    List<FakeEndpoint> remote = smooth.add("zone-b", 2);
    List<String> seen = new ArrayList<>();
    // In flight swings between 2 and 6 every tick (1 to 3 per local endpoint), across both edges
    // of the band. The zones may change once, to the set that holds the mean, then stay.
    for (int i = 0; i < 600; i++) {
      load(local, i % 2 == 0 ? 6 : 2);
      load(remote, 0);
      smooth.tick();
      if (seen.isEmpty() || !seen.getLast().equals(smooth.zones().toString())) {
        seen.add(smooth.zones().toString());
      }
    }
    assertTrue(smooth.allChanges() <= 1, () -> "zone changes: " + seen);
    assertTrue(seen.size() <= 2, seen::toString);
  }

  @Test
  void aShortSpikeIsSmoothedAway() {
    Harness smooth = new Harness("zone-a", Map.of("load.decay", "1s"));
    List<FakeEndpoint> local = smooth.add("zone-a", 2);
    smooth.add("zone-b", 2);
    load(local, 10);
    smooth.tick();
    // One tick of a 1 s time constant: 1 - e^-0.1 of the step, over two endpoints.
    assertEquals(5 * (1 - Math.exp(-0.1)), smooth.balancer.load(), 1e-9);
    smooth.tick();
    load(local, 2);
    smooth.ticks(Duration.ofSeconds(10));
    assertEquals(List.of("zone-a"), smooth.zones());
    assertEquals(0, smooth.allChanges());

    load(local, 10); // sustained this time
    smooth.ticks(Duration.ofSeconds(2));
    assertEquals(List.of("zone-a", "zone-b"), smooth.zones());
  }

  @Test
  void theBandIsConfigurable() {
    Harness wide = new Harness("zone-a", Map.of("band.low", "1", "band.high", "4"));
    List<FakeEndpoint> local = wide.add("zone-a", 2);
    wide.add("zone-b", 2);
    load(local, 7); // 3.5: above the default band, inside this one
    wide.ticks(Duration.ofSeconds(5));
    assertEquals(List.of("zone-a"), wide.zones());
    load(local, 9);
    wide.tick();
    assertEquals(List.of("zone-a", "zone-b"), wide.zones());
  }
}

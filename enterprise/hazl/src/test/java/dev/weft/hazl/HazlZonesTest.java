package dev.weft.hazl;

import static dev.weft.hazl.Harness.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which zones come next: the proxy's own, the configured order, the others by name, none last. */
class HazlZonesTest {
  @Test
  void zonesAreAddedInTheConfiguredOrderThenByName() {
    Harness h = new Harness("zone-a", Map.of("zone.order", "zone-d,zone-c"));
    List<FakeEndpoint> all = new ArrayList<>();
    for (String z : List.of("zone-b", "zone-e", "zone-c", "zone-a", "zone-d")) {
      all.addAll(h.add(z, 1));
    }
    load(all, 50); // 10 per endpoint: above the band however many zones are active
    h.tick();
    assertEquals(List.of("zone-a", "zone-d"), h.zones());
    h.ticks(10);
    assertEquals(List.of("zone-a", "zone-d", "zone-c"), h.zones());
    h.ticks(10);
    assertEquals(List.of("zone-a", "zone-d", "zone-c", "zone-b"), h.zones());
    h.ticks(10);
    assertEquals(List.of("zone-a", "zone-d", "zone-c", "zone-b", "zone-e"), h.zones());
    assertEquals(4, h.changes("added"));
  }

  @Test
  void endpointsWithoutAZoneAreTheLastZone() {
    Harness h = new Harness("zone-a");
    h.add("", 2);
    List<FakeEndpoint> b = h.add("zone-b", 2);
    List<FakeEndpoint> a = h.add("zone-a", 2);
    load(a, 10);
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    load(b, 10);
    h.ticks(10);
    assertEquals(List.of("zone-a", "zone-b", ""), h.zones());

    // Without the other zones, the zone-less endpoints are the next zone: failover goes there.
    Harness alone = new Harness("zone-a");
    alone.add("", 1);
    List<FakeEndpoint> local = alone.add("zone-a", 1);
    assertEquals(List.of("zone-a"), alone.zones());
    alone.remove(local);
    assertEquals(List.of(""), alone.zones());
    assertEquals(Map.of("", 100), alone.spread(100));
  }

  @Test
  void aProxyWithoutAZoneIsZoneBlind() {
    Harness h = new Harness("");
    List<FakeEndpoint> a = h.add("zone-a", 2);
    h.add("zone-b", 2);
    h.add("", 1);
    load(a, 0);
    h.ticks(20);
    assertEquals(List.of(ZoneGroup.ALL), h.zones());
    Map<String, Integer> spread = h.spread(3000);
    assertEquals(3, spread.size(), spread::toString);
    // Every zone takes its share; the band never moves anything.
    spread.values().forEach(n -> assertTrue(n > 300, spread::toString));
    assertEquals(5, h.gauge("weft_hazl_endpoints{state=active}"));
    assertEquals(3, h.gauge("weft_hazl_zones_active"));
    load(a, 40);
    h.ticks(50);
    assertEquals(0, h.allChanges());
  }

  @Test
  void aLocalZoneWithNoEndpointsLeavesTheNextZoneActive() {
    Harness h = new Harness("zone-x", Map.of("zone.order", "zone-c"));
    h.add("zone-b", 2);
    h.add("zone-c", 2);
    assertEquals(List.of("zone-c"), h.zones());
    assertEquals(Map.of("zone-c", 500), h.spread(500));
  }

  @Test
  void theLocalZoneComesFirstEvenWhenTheOrderNamesItLater() {
    Harness h = new Harness("zone-b", Map.of("zone.order", "zone-a,zone-b"));
    h.add("zone-a", 1);
    List<FakeEndpoint> b = h.add("zone-b", 1);
    h.add("zone-c", 1);
    assertEquals(List.of("zone-b"), h.zones());
    load(b, 5);
    h.tick();
    assertEquals(List.of("zone-b", "zone-a"), h.zones());
  }
}

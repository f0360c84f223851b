package dev.weft.hazl;

import static dev.weft.hazl.Harness.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a balancer exports and logs: the load, the band, endpoints and zones, zone changes. */
class HazlMetricsTest {
  final List<String> logged = new ArrayList<>();
  final Logger log = Logger.getLogger(HazlBalancer.class.getName());
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel() == Level.INFO) {
            synchronized (logged) {
              logged.add(r.getMessage());
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  final Harness h;
  final List<FakeEndpoint> a;

  HazlMetricsTest() {
    log.addHandler(capture);
    h = new Harness("zone-a", Map.of("band.low", "0.5", "band.high", "1.5"));
    a = h.add("zone-a", 2);
    h.add("zone-b", 2);
    h.add("zone-c", 1);
  }

  @AfterEach
  void removeHandler() {
    log.removeHandler(capture);
  }

  @Test
  void everyMetricOfTheContractIsRegistered() {
    assertEquals(
        Set.of(
            "weft_hazl_load",
            "weft_hazl_band_low",
            "weft_hazl_band_high",
            "weft_hazl_endpoints{state=active}",
            "weft_hazl_endpoints{state=available}",
            "weft_hazl_zones_active"),
        h.context.gauges.keySet());
    assertEquals(
        Set.of(
            "weft_hazl_zone_changes{change=added}",
            "weft_hazl_zone_changes{change=removed}",
            "weft_hazl_zone_changes{change=failover}"),
        h.context.counters.keySet());
  }

  @Test
  void gaugesReportTheBalancersState() {
    assertEquals(0.5, h.gauge("weft_hazl_band_low"));
    assertEquals(1.5, h.gauge("weft_hazl_band_high"));
    load(a, 2);
    h.tick();
    assertEquals(1.0, h.gauge("weft_hazl_load"), 0.001);
    assertEquals(2, h.gauge("weft_hazl_endpoints{state=active}"));
    assertEquals(5, h.gauge("weft_hazl_endpoints{state=available}"));
    assertEquals(1, h.gauge("weft_hazl_zones_active"));

    load(a, 4); // 2 per local endpoint: above 1.5
    h.tick();
    assertEquals(1.0, h.gauge("weft_hazl_load"), 0.001, "4 in flight over 4 active endpoints");
    assertEquals(4, h.gauge("weft_hazl_endpoints{state=active}"));
    assertEquals(2, h.gauge("weft_hazl_zones_active"));
    assertEquals(1, h.changes("added"));

    load(a, 1);
    h.ticks(10);
    assertEquals(1, h.gauge("weft_hazl_zones_active"));
    assertEquals(1, h.changes("removed"));
    assertEquals(0, h.changes("failover"));
  }

  @Test
  void zoneChangesAreCountedAndLoggedWithTheServiceTheLoadAndTheBand() {
    load(a, 4);
    h.tick();
    h.remove(a); // 4 in flight over the 3 endpoints of zone-b and zone-c
    h.ticks(20);
    assertEquals(1, h.changes("added"));
    assertEquals(1, h.changes("failover"));
    assertEquals(1, h.changes("removed"), "zone-c, no longer needed a second after zone-b was");
    List<String> lines;
    synchronized (logged) {
      lines = List.copyOf(logged);
    }
    assertEquals(3, lines.size(), lines::toString);
    assertEquals(
        "hazl books.demo.svc.cluster.local:80: zone zone-b added (load 1.00, band 0.5..1.5);"
            + " active zones [zone-a, zone-b]",
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "hazl books.demo.svc.cluster.local:80: failover from zones"
                    + " [zone-a, zone-b] to [zone-b, zone-c]"),
        lines.get(1));
    assertTrue(
        lines.get(1).contains("(zone-a: no endpoint; load 1.33, band 0.5..1.5)"), lines.get(1));
    assertEquals(
        "hazl books.demo.svc.cluster.local:80: zone zone-c removed (load 0.00, band 0.5..1.5);"
            + " active zones [zone-b]",
        lines.get(2));
  }
}

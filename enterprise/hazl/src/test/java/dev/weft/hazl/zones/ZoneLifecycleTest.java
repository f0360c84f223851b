package dev.weft.hazl.zones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAZL in the real proxy, over real sockets, through one zone's life: steady (in-zone), slowed
 * (spills, answers stay timely), restored, stopped (no request fails), back (in-zone again). The
 * service's policy names {@code hazl}, as the control plane sends it when a cluster turns it on,
 * and the proxy holds a license granting it.
 */
class ZoneLifecycleTest {
  /** Added to every answer of a slowed zone. */
  static final Duration SLOW = Duration.ofMillis(100);

  /**
   * The stated bound on p99 while the local zone is slow: ten times the added delay. Requests still
   * sent to the slow zone take the delay; a request held behind it (queued, timed out, retried
   * after a timeout) would take seconds.
   */
  static final double P99_BOUND_MS = 10 * SLOW.toMillis();

  @TempDir Path dir;

  @Test
  void keepsTrafficInZoneSpillsWhenItDegradesAndComesBack() throws Exception {
    try (ThreeZones z =
        new ThreeZones("hazl", Map.of(), "p2c-peak-ewma", ZoneLicenses.valid(), dir)) {
      z.warmUp();
      Await.until(
          Duration.ofSeconds(30),
          () -> z.load.window(300).share("zone-a") >= 0.99,
          () -> "traffic to settle in zone-a once the proxy is warm:\n" + z.proxy.output());
      OpenLoad.Stats steady = z.load.window(1000);
      assertEquals(0, steady.failures().size(), steady.failures().toString());
      assertTrue(steady.share("zone-a") >= 0.99, "steady, moderate load: " + steady);

      z.delay("zone-a", SLOW);
      Await.until(
          Duration.ofSeconds(30),
          () -> z.load.window(200).share("zone-a") < 0.8,
          () -> "traffic to spill out of the slowed zone");
      OpenLoad.Stats slowed = z.load.window(1000);
      assertEquals(0, slowed.failures().size(), slowed.failures().toString());
      assertTrue(slowed.share("zone-a") < 0.8, "slowed: " + slowed);
      assertTrue(slowed.p99Millis() < P99_BOUND_MS, "slowed: " + slowed);
      assertTrue(metric(z, "weft_hazl_zones_active") >= 2, () -> metrics(z));

      z.delay("zone-a", Duration.ZERO);
      Await.until(
          Duration.ofSeconds(60),
          () -> z.load.window(300).share("zone-a") >= 0.99,
          () -> "traffic to come back to the restored zone");

      // One window from just before the stop, through the failover, to well after it.
      z.load.take();
      z.in("zone-a").forEach(ZoneBackend::stop);
      OpenLoad.Stats stopping = z.load.collect(1000);
      assertEquals(0, stopping.failures().size(), "zone-a stopped: " + stopping.failures());
      OpenLoad.Stats stopped = z.load.window(300);
      assertEquals(0, stopped.servedIn("zone-a"), "zone-a stopped: " + stopped);
      assertEquals(0, stopped.failures().size(), "zone-a stopped: " + stopped.failures());

      for (ZoneBackend b : z.in("zone-a")) {
        b.start();
      }
      Await.until(
          Duration.ofSeconds(90),
          () -> z.load.window(300).share("zone-a") >= 0.99,
          () -> "traffic to come back to zone-a once it runs again");
      OpenLoad.Stats back = z.load.window(1000);
      assertEquals(0, back.failures().size(), back.failures().toString());
      assertTrue(back.share("zone-a") >= 0.99, "back: " + back);
      System.out.printf(
          "hazl zones: steady %s%n  slowed %s%n  stopping %s%n  back %s%n",
          steady, slowed, stopping, back);
    }
  }

  static double metric(ThreeZones z, String name) throws IOException {
    return Metrics.sum(z.proxy.metrics(), name, Map.of());
  }

  static String metrics(ThreeZones z) {
    try {
      return z.proxy.metrics();
    } catch (IOException e) {
      return e.toString();
    }
  }
}

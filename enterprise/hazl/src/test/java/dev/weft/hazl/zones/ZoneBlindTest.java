package dev.weft.hazl.zones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same three zones balanced zone-blind: by the open-source balancer (the cross-zone share HAZL
 * avoids), and by a proxy asked for {@code hazl} without a license, or with one expired past its
 * grace period, which runs the open-source balancer and says why.
 */
class ZoneBlindTest {
  @TempDir Path dir;

  @Test
  void hazlAvoidsTheCrossZoneShareOfTheOpenSourceBalancer() throws Exception {
    OpenLoad.Stats oss;
    double ossRemoteBytes;
    try (ThreeZones z = new ThreeZones("", Map.of(), "p2c-peak-ewma", Map.of(), dir)) {
      z.warmUp();
      oss = z.load.window(1000);
      ossRemoteBytes = remoteBytes(z);
    }
    OpenLoad.Stats hazl;
    double hazlRemoteBytes;
    double avoided;
    try (ThreeZones z =
        new ThreeZones("hazl", Map.of(), "p2c-peak-ewma", ZoneLicenses.valid(), dir)) {
      z.warmUp();
      Await.until(
          Duration.ofSeconds(30),
          () -> z.load.window(300).share("zone-a") >= 0.99,
          () -> "traffic to settle in zone-a once the proxy is warm:\n" + z.proxy.output());
      hazl = z.load.window(1000);
      hazlRemoteBytes = remoteBytes(z);
      avoided = Metrics.sum(z.proxy.metrics(), "weft_cross_zone_bytes_avoided", Map.of());
    }
    assertEquals(0, oss.failures().size() + hazl.failures().size(), oss + " / " + hazl);
    // Zone-blind, a third of the endpoints are local: about a third of the requests stay.
    assertTrue(oss.share("zone-a") < 0.6, "open-source balancer: " + oss);
    assertTrue(hazl.share("zone-a") >= 0.99, "hazl: " + hazl);
    assertTrue(hazlRemoteBytes < ossRemoteBytes, hazlRemoteBytes + " vs " + ossRemoteBytes);
    assertTrue(avoided > 0, "cross-zone bytes avoided: " + avoided);
    System.out.printf(
        "in-zone share: hazl %.1f%%, p2c-peak-ewma %.1f%%; cross-zone bytes: hazl %.0f,"
            + " p2c-peak-ewma %.0f; estimated avoided by hazl %.0f%n",
        100 * hazl.share("zone-a"),
        100 * oss.share("zone-a"),
        hazlRemoteBytes,
        ossRemoteBytes,
        avoided);
  }

  @Test
  void withoutALicenseTheOpenSourceBalancerRunsAndSaysWhy() throws Exception {
    try (ThreeZones z = new ThreeZones("hazl", Map.of(), "p2c-peak-ewma", Map.of(), dir)) {
      OpenLoad.Stats s = z.load.window(600);
      assertEquals(0, s.failures().size(), s.failures().toString());
      assertTrue(s.share("zone-a") < 0.6, "zone-blind without a license: " + s);
      awaitFallback(z, "WEFT_LICENSE");
    }
  }

  @Test
  void anExpiredLicensePastItsGracePeriodFallsBackWithTheReason() throws Exception {
    try (ThreeZones z =
        new ThreeZones("hazl", Map.of(), "p2c-peak-ewma", ZoneLicenses.expiredPastGrace(), dir)) {
      OpenLoad.Stats s = z.load.window(600);
      assertEquals(0, s.failures().size(), s.failures().toString());
      assertTrue(s.share("zone-a") < 0.6, "zone-blind with an expired license: " + s);
      awaitFallback(z, "expired");
    }
  }

  private static void awaitFallback(ThreeZones z, String reason) throws Exception {
    Await.until(
        Duration.ofSeconds(10),
        () -> {
          String log = z.proxy.output();
          return log.contains("balancer 'hazl' is not available (")
              && log.contains("): using p2c-peak-ewma")
              && log.contains(reason);
        },
        () -> "the proxy to log why hazl is not used (" + reason + "):\n" + z.proxy.output());
  }

  private static double remoteBytes(ThreeZones z) throws Exception {
    return Metrics.sum(
        z.proxy.metrics(), "weft_zone_bytes_total", Map.of("dst_zone_locality", "remote"));
  }
}

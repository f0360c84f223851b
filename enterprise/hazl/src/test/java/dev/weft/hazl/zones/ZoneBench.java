package dev.weft.hazl.zones;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three-zone benchmark behind {@code enterprise/hazl/bench/zone-bench}: the same open-loop load
 * through the proxy in {@code zone-a}, balanced by {@code p2c-peak-ewma} and then by {@code hazl},
 * while every zone is fast and then while {@code zone-a} is slowed. Prints, per balancer and phase,
 * the in-zone share, the bytes that crossed zones, HAZL's estimate of those avoided, latency and
 * failures, as a Markdown table.
 *
 * <p>Arguments: {@code RATE SECONDS DELAY_MS}.
 */
public final class ZoneBench {
  private record Row(
      String balancer,
      String phase,
      OpenLoad.Stats stats,
      double localBytes,
      double remoteBytes,
      double avoided) {}

  private ZoneBench() {}

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    Duration delay = Duration.ofMillis(Long.parseLong(args[2]));
    Path dir = Files.createTempDirectory("zone-bench");
    List<Row> rows = new ArrayList<>();
    for (String balancer : List.of("p2c-peak-ewma", "hazl")) {
      String policy = balancer.equals("hazl") ? "hazl" : "";
      try (ThreeZones z =
          new ThreeZones(policy, Map.of(), "p2c-peak-ewma", ZoneLicenses.valid(), dir, rate)) {
        z.load.window(rate * 5); // warm-up: JIT, connections, estimates
        rows.add(phase(z, balancer, "all zones fast", rate * seconds));
        z.delay("zone-a", delay);
        z.load.window(rate * 5); // the balancer reacts
        rows.add(phase(z, balancer, "zone-a +" + delay.toMillis() + " ms", rate * seconds));
      }
    }
    System.out.println(
        "| balancer | phase | in-zone share | cross-zone bytes | bytes avoided (estimate) | p50 ms"
            + " | p99 ms | failed |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      double total = r.localBytes() + r.remoteBytes();
      System.out.printf(
          "| %s | %s | %.1f%% | %.1f MiB (%.1f%%) | %.1f MiB | %.1f | %.1f | %d |%n",
          r.balancer(),
          r.phase(),
          100 * r.stats().share("zone-a"),
          r.remoteBytes() / (1 << 20),
          total == 0 ? 0 : 100 * r.remoteBytes() / total,
          r.avoided() / (1 << 20),
          r.stats().percentileMillis(0.5),
          r.stats().p99Millis(),
          r.stats().failures().size());
    }
  }

  private static Row phase(ThreeZones z, String balancer, String phase, int requests)
      throws Exception {
    String before = z.proxy.metrics();
    OpenLoad.Stats s = z.load.window(requests);
    String after = z.proxy.metrics();
    return new Row(
        balancer,
        phase,
        s,
        delta(before, after, "weft_zone_bytes_total", Map.of("dst_zone_locality", "local")),
        delta(before, after, "weft_zone_bytes_total", Map.of("dst_zone_locality", "remote")),
        Metrics.sum(after, "weft_cross_zone_bytes_avoided", Map.of())
            - Metrics.sum(before, "weft_cross_zone_bytes_avoided", Map.of()));
  }

  private static double delta(String before, String after, String name, Map<String, String> l) {
    return Metrics.sum(after, name, l) - Metrics.sum(before, name, l);
  }
}

package dev.weft.cli.up;

import static dev.weft.cli.up.RunningUp.metrics;
import static dev.weft.cli.up.RunningUp.metricsOrError;
import static dev.weft.cli.up.RunningUp.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weft up --zones 3} for real: web's proxy runs with {@code --zone zone-a}, the registry
 * gives every books replica its zone, and the zones reach web's proxy through the control plane:
 * its tries to books are labelled with each of the three zones (the default balancer is zone-blind,
 * so every zone gets some). Where the proxy labels locality, only zone-a is local. Tagged like the
 * other runs of the real mesh: {@code -Dweft.test.excludedGroups=none}.
 */
@Tag("mesh")
class ZonesEndToEndTest {
  private static final Duration TRAFFIC = Duration.ofMinutes(3);
  private static final String TRIES = LocalitySnapshot.METRIC;

  @TempDir Path dir;

  @Test
  void websProxyIsInZoneAAndSeesBooksInEveryZone() throws Exception {
    DemoTopology zones = DemoTopology.zones(3);
    try (RunningUp up =
        RunningUp.start(dir, zones.span(), "--zones", "3", "--traffic-rate", "20")) {
      Map<String, String> proxies = up.awaitProxies(zones.pods().size());
      assertEquals(
          zones.pods().stream().map(DemoPod::name).toList(), List.copyOf(proxies.keySet()));

      List<String> webProxy = arguments(up.state, "web-proxy");
      assertEquals(
          "zone-a", webProxy.get(webProxy.indexOf("--zone") + 1), "web-proxy: " + webProxy);
      List<String> booksC = arguments(up.state, "books-c-1-proxy");
      assertEquals("zone-c", booksC.get(booksC.indexOf("--zone") + 1), "books-c-1: " + booksC);

      String registry = Files.readString(up.state.resolve("control-plane/registry.conf"));
      for (DemoPod p : zones.of(DemoService.BOOKS)) {
        assertTrue(
            registry.contains(" zone=" + p.zone() + " label.pod=" + p.name() + "\n"), registry);
      }
      String status = up.getControlPlane("/local/v1/registry");
      assertTrue(status.contains("\"errors\":[]"), status);

      String web = proxies.get("web");
      Await.until(
          TRAFFIC,
          () -> {
            String m = metrics(web);
            return zones.zones().stream().allMatch(z -> sum(m, TRIES, Map.of("dst_zone", z)) > 0);
          },
          () -> "tries to books in every zone:\n" + metricsOrError(web));

      String m = metrics(web);
      if (m.contains("dst_zone_locality=")) {
        assertEquals(
            sum(m, TRIES, Map.of("dst_zone", "zone-a")),
            sum(m, TRIES, Map.of("dst_zone_locality", "local")),
            m);
        assertTrue(sum(m, TRIES, Map.of("dst_zone_locality", "remote")) > 0, m);
      }
    }
  }

  /** The command line of the child weft up recorded as {@code name} (the proxy's JVM: exec'd). */
  private static List<String> arguments(Path state, String name) throws Exception {
    for (String line : Files.readAllLines(state.resolve(ChildrenRecord.FILE))) {
      String[] f = line.split("\t");
      if (f[2].equals(name)) {
        long pid = Long.parseLong(f[0]);
        return List.of(
            Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
      }
    }
    throw new AssertionError(name + " is not in " + state.resolve(ChildrenRecord.FILE));
  }
}

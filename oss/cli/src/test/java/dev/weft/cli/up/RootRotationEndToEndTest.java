package dev.weft.cli.up;

import static dev.weft.cli.up.RunningUp.metrics;
import static dev.weft.cli.up.RunningUp.metricsOrError;
import static dev.weft.cli.up.RunningUp.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented root rotation, for real, under the demo's steady traffic: a new root is added to
 * the trust bundle, the issuer moves to it, the proxies renew onto it, the old root is dropped; not
 * one request fails and no handshake is refused.
 */
@Tag("mesh")
class RootRotationEndToEndTest {
  private static final Duration PHASE = Duration.ofMinutes(2);
  private static final Map<String, String> FAILURE = Map.of("classification", "failure");
  private static final Map<String, String> SUCCESS = Map.of("classification", "success");

  @TempDir Path dir;

  @Test
  void rotatingTheRootUnderLoadFailsNoRequest() throws Exception {
    // Without the failing replica, whose 503s would be failures that have nothing to do with TLS.
    try (RunningUp up =
        RunningUp.start(dir, "--leaf-lifetime", "20s", "--traffic-rate", "20", "--no-faults")) {
      Map<String, String> proxies = up.awaitProxies();
      // Past the cold start: every proxy has carried mTLS traffic and the demo answered plenty.
      for (var p : proxies.entrySet()) {
        Await.until(
            PHASE,
            () -> MeshEndToEndTest.mutualTlsResponses(metrics(p.getValue())) > 0,
            () -> p.getKey() + " shows no mTLS responses:\n" + metricsOrError(p.getValue()));
      }
      String web = proxies.get("web");
      // Cold JVMs miss the demo's deadlines for a few seconds: wait until failures stopped (none
      // for 5 s) and the demo has answered plenty.
      long[] lastChange = {System.nanoTime()};
      double[] failures = {-1};
      Await.until(
          PHASE,
          () -> {
            double f = total(proxies, "response_total", FAILURE);
            if (f != failures[0]) {
              failures[0] = f;
              lastChange[0] = System.nanoTime();
            }
            return System.nanoTime() - lastChange[0] > Duration.ofSeconds(5).toNanos()
                && sum(metrics(web), "response_total", SUCCESS) >= 100;
          },
          () -> "steady traffic at web:\n" + metricsOrError(web));
      // When each step started, to read against the logs' timestamps should anything fail.
      StringBuilder steps = new StringBuilder();
      steps.append(Instant.now()).append(" steady\n");
      String failedBefore = failureLines(proxies);
      double failuresBefore = total(proxies, "response_total", FAILURE);
      double successesBefore = total(proxies, "response_total", SUCCESS);
      // Handshakes refused while the mesh came up (a peer not certified yet) are not the
      // rotation's: only those during it count.
      double refusedBefore = total(proxies, "tls_handshake_failures_total", Map.of());
      String refusedBeforeLines = lines(proxies, "tls_handshake_failures_total{");

      steps.append(Instant.now()).append(" add-root\n");
      assertEquals(200, up.postControlPlane("/local/v1/trust/rotate/add-root"));
      awaitAll(proxies, "identity_trust_anchors", 2);

      steps.append(Instant.now()).append(" move-issuer\n");
      assertEquals(200, up.postControlPlane("/local/v1/trust/rotate/move-issuer"));
      Map<String, Double> renewed = new HashMap<>();
      for (var p : proxies.entrySet()) {
        renewed.put(p.getKey(), refreshes(p.getValue()));
      }
      for (var p : proxies.entrySet()) {
        // The next certificate each proxy gets comes from the new issuer.
        Await.until(
            PHASE,
            () -> refreshes(p.getValue()) > renewed.get(p.getKey()),
            () -> p.getKey() + " renews after the issuer moved:\n" + metricsOrError(p.getValue()));
      }

      steps.append(Instant.now()).append(" drop-old-roots\n");
      assertEquals(200, up.postControlPlane("/local/v1/trust/rotate/drop-old-roots"));
      awaitAll(proxies, "identity_trust_anchors", 1);
      // Traffic keeps flowing on the new root only.
      double successesRotated = total(proxies, "response_total", SUCCESS);
      Await.until(
          PHASE,
          () -> total(proxies, "response_total", SUCCESS) >= successesRotated + 100,
          () -> "traffic after the rotation:\n" + metricsOrError(web));

      double failuresAfter = total(proxies, "response_total", FAILURE);
      if (failuresAfter != failuresBefore) {
        throw new AssertionError(
            "failed responses during the rotation: "
                + (failuresAfter - failuresBefore)
                + "\nbefore:\n"
                + failedBefore
                + "\nafter:\n"
                + failureLines(proxies)
                + "\nsteps:\n"
                + steps
                + logTails(
                    up, "web.log", "web-proxy.log", "books-0-proxy.log", "authors-proxy.log"));
      }
      assertEquals(
          refusedBefore,
          total(proxies, "tls_handshake_failures_total", Map.of()),
          () ->
              "handshakes refused during the rotation; before:\n"
                  + refusedBeforeLines
                  + "after:\n"
                  + lines(proxies, "tls_handshake_failures_total{"));
      assertTrue(total(proxies, "response_total", SUCCESS) > successesBefore);

      new ProcessBuilder("kill", "-INT", Long.toString(up.process.pid())).start().waitFor();
      assertTrue(up.process.waitFor(90, TimeUnit.SECONDS), "still running:\n" + up.log());
    }
  }

  private static void awaitAll(Map<String, String> proxies, String gauge, double value)
      throws Exception {
    for (var p : proxies.entrySet()) {
      Await.until(
          PHASE,
          () -> sum(metrics(p.getValue()), gauge, Map.of()) == value,
          () -> p.getKey() + ": " + gauge + " == " + value + ":\n" + metricsOrError(p.getValue()));
    }
  }

  /** The last lines of the named logs of the mesh's processes. */
  private static String logTails(RunningUp up, String... names) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      out.append("\n").append(name).append(" (last 20 lines):\n");
      try {
        List<String> lines = Files.readAllLines(up.state.resolve("logs").resolve(name));
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        out.append(e).append('\n');
      }
    }
    return out.toString();
  }

  private static String lines(Map<String, String> proxies, String prefix) {
    StringBuilder out = new StringBuilder();
    for (var p : proxies.entrySet()) {
      metricsOrError(p.getValue())
          .lines()
          .filter(l -> l.startsWith(prefix) && !l.endsWith(" 0.0"))
          .forEach(l -> out.append(p.getKey()).append(": ").append(l).append('\n'));
    }
    return out.toString();
  }

  private static String failureLines(Map<String, String> proxies) throws Exception {
    StringBuilder out = new StringBuilder();
    for (var p : proxies.entrySet()) {
      metrics(p.getValue())
          .lines()
          .filter(l -> l.startsWith("response_total{") && l.contains("classification=\"failure\""))
          .forEach(l -> out.append(p.getKey()).append(": ").append(l).append('\n'));
    }
    return out.toString();
  }

  private static double refreshes(String admin) throws Exception {
    return sum(metrics(admin), "identity_cert_refresh_total", Map.of("result", "ok"));
  }

  private static double total(Map<String, String> proxies, String name, Map<String, String> labels)
      throws Exception {
    double sum = 0;
    for (String admin : proxies.values()) {
      sum += sum(metrics(admin), name, labels);
    }
    return sum;
  }
}

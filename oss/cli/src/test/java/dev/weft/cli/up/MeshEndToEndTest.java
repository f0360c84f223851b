package dev.weft.cli.up;

import static dev.weft.cli.up.RunningUp.metrics;
import static dev.weft.cli.up.RunningUp.metricsOrError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weft up} for real: the control plane, the demo and its proxies. Every proxy's {@code
 * /metrics} must show traffic over mutual TLS between the demo's identities; a second {@code weft
 * up} is refused; Ctrl-C (SIGINT) leaves no process behind. Needs the control plane and the proxy's
 * identity support, hence the tag: run with {@code -Dweft.test.excludedGroups=none}.
 */
@Tag("mesh")
class MeshEndToEndTest {
  private static final Duration TRAFFIC = Duration.ofMinutes(2);
  private static final Duration STOP = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void upShowsMutualTlsOnEveryProxyAndCtrlCLeavesNothingRunning() throws Exception {
    Map<String, Long> started;
    try (RunningUp up = RunningUp.start(dir)) {
      Map<String, String> proxies = up.awaitProxies();
      started = children(up.state);
      assertEquals(12, started.size(), "children: " + started);
      assertEquals(
          List.of("web", "books-0", "books-1", "books-2", "authors"),
          List.copyOf(proxies.keySet()));
      for (var p : proxies.entrySet()) {
        Await.until(
            TRAFFIC,
            () -> mutualTlsResponses(metrics(p.getValue())) > 0,
            () -> p.getKey() + " proxy shows no mTLS responses:\n" + metricsOrError(p.getValue()));
      }

      Path secondLog = dir.resolve("second.log");
      Process second = RunningUp.start(up.root, up.state, up.base, secondLog, List.of());
      assertTrue(
          second.waitFor(RunningUp.START.toSeconds(), TimeUnit.SECONDS), "second weft up runs on");
      String refused = Files.readString(secondLog);
      assertNotEquals(0, second.exitValue(), refused);
      assertTrue(refused.contains("weft up is already running"), refused);
      assertTrue(refused.contains("(pid " + up.process.pid() + " holds"), refused);

      new ProcessBuilder("kill", "-INT", Long.toString(up.process.pid())).start().waitFor();
      assertTrue(
          up.process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "still running:\n" + up.log());
      assertTrue(up.log().endsWith("weft up: stopped\n"), up.log());
    }
    for (var child : started.entrySet()) {
      long pid = child.getValue();
      assertTrue(
          ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
          child.getKey() + " (pid " + pid + ") outlived weft up");
    }
  }

  /** The processes weft up recorded as started (name to pid), alive when read. */
  private static Map<String, Long> children(Path state) throws Exception {
    Map<String, Long> children = new LinkedHashMap<>();
    for (String line : Files.readAllLines(state.resolve(ChildrenRecord.FILE))) {
      String[] f = line.split("\t");
      long pid = Long.parseLong(f[0]);
      long start = Long.parseLong(f[1]);
      // Same pid and start time: the recorded process, not a later one reusing its pid.
      assertEquals(
          start,
          ProcessHandle.of(pid)
              .flatMap(h -> h.info().startInstant())
              .map(Instant::toEpochMilli)
              .orElse(-1L),
          f[2] + " is not running");
      children.put(f[2], pid);
    }
    return children;
  }

  /**
   * The sum of {@code response_total} and {@code tcp_open_total} series carried over mutual TLS
   * with a peer identity of the demo: {@code tls="true"} and a {@code client_id} (inbound) or
   * {@code server_id} (outbound) of {@code *.demo.serviceaccount.identity.weft.cluster.local}.
   * Requests to discovered services are labelled by service rather than endpoint, so a proxy that
   * only calls out (web's) shows its mTLS on the endpoints' connections.
   */
  static double mutualTlsResponses(String metrics) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if ((line.startsWith("response_total{") || line.startsWith("tcp_open_total{"))
          && line.contains("tls=\"true\"")
          && line.matches(
              ".*(client_id|server_id)=\"\\w+\\.demo\\.serviceaccount\\.identity\\.weft\\."
                  + "cluster\\.local\".*")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}

package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weft up} for real: the control plane, the demo and its proxies. Every proxy's {@code
 * /metrics} must show responses over mutual TLS between the demo's identities; a second {@code weft
 * up} is refused; Ctrl-C (SIGINT) leaves no process behind. Needs the control plane and the proxy's
 * identity support, hence the tag: run with {@code -Dweft.test.excludedGroups=none}.
 */
@Tag("mesh")
class MeshEndToEndTest {
  // The first run may build the control plane, the proxy and the demo.
  private static final Duration START = Duration.ofMinutes(6);
  private static final Duration TRAFFIC = Duration.ofMinutes(2);
  private static final Duration STOP = Duration.ofSeconds(90);
  private static final Pattern PROXY_LINE =
      Pattern.compile("^proxy (\\w+) admin=(http://127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void upShowsMutualTlsOnEveryProxyAndCtrlCLeavesNothingRunning() throws Exception {
    Path root = Path.of(System.getProperty("weft.root"));
    Path state = dir.resolve("state");
    int base = Ports.freeBase();
    Process up = weftUp(root, state, base, dir.resolve("up.log"));
    Map<String, Long> started = Map.of();
    try {
      Await.until(
          START,
          () -> !up.isAlive() || proxies(log()).size() == 3,
          () -> "three proxy lines; weft up printed:\n" + log());
      assertTrue(up.isAlive(), log());
      started = children(state);
      assertEquals(8, started.size(), "children: " + started);

      Map<String, String> proxies = proxies(log());
      assertEquals(List.of("web", "books", "authors"), List.copyOf(proxies.keySet()));
      for (var p : proxies.entrySet()) {
        Await.until(
            TRAFFIC,
            () -> mutualTlsResponses(metrics(p.getValue())) > 0,
            () -> p.getKey() + " proxy shows no mTLS responses:\n" + metricsOrError(p.getValue()));
      }

      Process second = weftUp(root, state, base, dir.resolve("second.log"));
      assertTrue(second.waitFor(START.toSeconds(), TimeUnit.SECONDS), "second weft up runs on");
      String refused = Files.readString(dir.resolve("second.log"));
      assertNotEquals(0, second.exitValue(), refused);
      assertTrue(refused.contains("weft up is already running"), refused);
      assertTrue(refused.contains("(pid " + up.pid() + " holds"), refused);

      new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
      assertTrue(up.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "still running:\n" + log());
      assertTrue(log().endsWith("weft up: stopped\n"), log());
    } finally {
      up.destroyForcibly();
    }
    for (var child : started.entrySet()) {
      long pid = child.getValue();
      assertTrue(
          ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
          child.getKey() + " (pid " + pid + ") outlived weft up");
    }
  }

  private Process weftUp(Path root, Path state, int base, Path log) throws Exception {
    return new ProcessBuilder(
            root.resolve("bin/weft").toString(),
            "up",
            "--port-base",
            Integer.toString(base),
            "--state-dir",
            state.toString())
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("up.log"));
    } catch (Exception e) {
      return "(no output yet: " + e + ")";
    }
  }

  private static Map<String, String> proxies(String output) {
    Map<String, String> proxies = new LinkedHashMap<>();
    Matcher m = PROXY_LINE.matcher(output);
    while (m.find()) {
      proxies.put(m.group(1), m.group(2));
    }
    return proxies;
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

  private String metrics(String admin) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? r.body() : "";
  }

  private String metricsOrError(String admin) {
    try {
      return metrics(admin);
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * The sum of {@code response_total} series carried over mutual TLS with a peer identity of the
   * demo: {@code tls="true"} and a {@code client_id} (inbound) or {@code server_id} (outbound) of
   * {@code *.demo.serviceaccount.identity.weft.cluster.local}.
   */
  static double mutualTlsResponses(String metrics) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith("response_total{")
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

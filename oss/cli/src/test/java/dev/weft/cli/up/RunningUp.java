package dev.weft.cli.up;

import dev.weft.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/weft up} started as a real process for a test: its output, the proxies it printed, and
 * their metrics. Closing it kills it hard; tests that check the stop path signal it first.
 */
final class RunningUp implements AutoCloseable {
  /** The first run may build the control plane, the proxy and the demo. */
  static final Duration START = Duration.ofMinutes(6);

  /** web, books-0, books-1, books-2, authors. */
  static final int PROXIES = 5;

  private static final Pattern PROXY_LINE =
      Pattern.compile("^proxy ([\\w-]+) admin=(http://127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path root = Path.of(System.getProperty("weft.root"));
  final Path state;
  final int base;
  final Process process;
  private final Path log;

  private RunningUp(Path state, int base, Path log, List<String> extra) throws Exception {
    this.state = state;
    this.base = base;
    this.log = log;
    this.process = start(root, state, base, log, extra);
  }

  /** Starts {@code weft up} on a free block of ports with {@code extra} arguments. */
  static RunningUp start(Path dir, String... extra) throws Exception {
    return start(dir, MeshPorts.SPAN, extra);
  }

  /** The same on a free block of {@code span} ports (more than the default with --zones). */
  static RunningUp start(Path dir, int span, String... extra) throws Exception {
    return new RunningUp(
        dir.resolve("state"), Ports.freeBase(span), dir.resolve("up.log"), List.of(extra));
  }

  static Process start(Path root, Path state, int base, Path log, List<String> extra)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/weft").toString());
    command.add("up");
    command.addAll(List.of("--port-base", Integer.toString(base)));
    command.addAll(List.of("--state-dir", state.toString()));
    command.addAll(extra);
    return new ProcessBuilder(command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits for the proxy lines and returns them, name to admin URL, in printed order. */
  Map<String, String> awaitProxies() throws Exception {
    return awaitProxies(PROXIES);
  }

  /** The same, for a layout of {@code count} proxies. */
  Map<String, String> awaitProxies(int count) throws Exception {
    Await.until(
        START,
        () -> !process.isAlive() || proxies().size() == count,
        () -> count + " proxy lines; weft up printed:\n" + log());
    if (!process.isAlive()) {
      throw new AssertionError("weft up exited:\n" + log());
    }
    return proxies();
  }

  Map<String, String> proxies() {
    Map<String, String> proxies = new LinkedHashMap<>();
    Matcher m = PROXY_LINE.matcher(log());
    while (m.find()) {
      proxies.put(m.group(1), m.group(2));
    }
    return proxies;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "(no output yet: " + e + ")";
    }
  }

  /** The control plane's local API: POSTs {@code path} with the admin token; the status code. */
  int postControlPlane(String path) throws Exception {
    String token = Files.readString(state.resolve("control-plane").resolve("admin-token")).trim();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  /** The control plane's local API: GETs {@code path} with the admin token; the body. */
  String getControlPlane(String path) throws Exception {
    String token = Files.readString(state.resolve("control-plane").resolve("admin-token")).trim();
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A proxy's {@code /metrics} text, or "" when it does not answer 200. */
  static String metrics(String admin) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? r.body() : "";
  }

  static String metricsOrError(String admin) {
    try {
      return metrics(admin);
    } catch (Exception e) {
      return e.toString();
    }
  }

  /**
   * The sum of the samples of {@code name} whose label text contains every {@code key="value"} of
   * {@code labels}.
   */
  static double sum(String metrics, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean match = true;
      for (var l : labels.entrySet()) {
        match &= line.contains(l.getKey() + "=\"" + l.getValue() + "\"");
      }
      if (match) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}

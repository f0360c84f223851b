package dev.weft.hazl.zones;

import dev.weft.proxy.ProxyMain;
import dev.weft.testkit.Await;
import dev.weft.testkit.JavaMain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy as its own process, as a sidecar in {@code zone-a} whose outbound traffic is balanced
 * through discovery: this JVM's class path (the open-source proxy plus the HAZL jar, as the
 * enterprise proxy is) and only the environment the test gives it (the license), so a developer's
 * own {@code WEFT_*} variables never leak in.
 */
final class ZoneProxy implements AutoCloseable {
  static final String ZONE = "zone-a";

  private final Process process;
  private final Path log;
  final InetSocketAddress outbound;
  final InetSocketAddress admin;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ZoneProxy(
      Process process, Path log, InetSocketAddress outbound, InetSocketAddress admin) {
    this.process = process;
    this.log = log;
    this.outbound = outbound;
    this.admin = admin;
  }

  /**
   * Starts it and waits until it is ready.
   *
   * @param balancer its default balancer (the one services whose policy names none get)
   * @param env the license variables, possibly none
   */
  static ZoneProxy start(
      InetSocketAddress destination, String balancer, Map<String, String> env, Path dir)
      throws Exception {
    InetSocketAddress inbound = freeAddress();
    InetSocketAddress outbound = freeAddress();
    InetSocketAddress admin = freeAddress();
    List<String> cmd =
        JavaMain.command(
            List.of(
                "-Xmx96m",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"),
            ProxyMain.class,
            "--inbound-listen",
            text(inbound),
            "--inbound-forward",
            "127.0.0.1:9",
            "--outbound-listen",
            text(outbound),
            "--admin",
            text(admin),
            "--destination-addr",
            text(destination),
            "--zone",
            ZONE,
            "--balancer",
            balancer);
    Path log = Files.createTempFile(dir, "proxy", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("WEFT_"));
    pb.environment().putAll(env);
    ZoneProxy p = new ZoneProxy(pb.start(), log, outbound, admin);
    try {
      Await.until(Duration.ofSeconds(30), "the proxy to be ready", p::ready);
    } catch (AssertionError e) {
      p.close();
      throw new AssertionError(e.getMessage() + "; its output:\n" + p.output(), e);
    }
    return p;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError("the proxy exited with " + process.exitValue());
    }
    try {
      return get("/ready").statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** Its {@code /metrics} text. */
  String metrics() throws IOException {
    return get("/metrics").body();
  }

  /** What it has logged so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://" + text(admin) + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  static String text(InetSocketAddress a) {
    return "127.0.0.1:" + a.getPort();
  }

  private static InetSocketAddress freeAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}

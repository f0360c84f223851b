package dev.weft.proxy.http1;

import dev.weft.proxy.PromText;
import dev.weft.proxy.ProxyMain;
import dev.weft.testkit.Await;
import dev.weft.testkit.JavaMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The proxy as its own operating-system process ({@code ProxyMain}), run by this JVM's {@code java}
 * with this JVM's class path, for tests about memory bounds and process behaviour.
 */
final class ProxyProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final InetSocketAddress listen;
  private final InetSocketAddress admin;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ProxyProcess(
      Process process, Path log, InetSocketAddress listen, InetSocketAddress admin) {
    this.process = process;
    this.log = log;
    this.listen = listen;
    this.admin = admin;
  }

  /**
   * Starts a proxy forwarding to {@code forward} and waits until its {@code /ready} answers 200.
   */
  static ProxyProcess start(InetSocketAddress forward, Path logDir, List<String> jvmOptions)
      throws Exception {
    InetSocketAddress listen = freeAddress();
    InetSocketAddress admin = freeAddress();
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("--enable-native-access=ALL-UNNAMED");
    List<String> cmd =
        JavaMain.command(
            options,
            ProxyMain.class,
            "--listen",
            "127.0.0.1:" + listen.getPort(),
            "--forward",
            "127.0.0.1:" + forward.getPort(),
            "--admin",
            "127.0.0.1:" + admin.getPort());
    Path log = Files.createTempFile(logDir, "proxy", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ProxyProcess pp = new ProxyProcess(p, log, listen, admin);
    try {
      Await.until(Duration.ofSeconds(30), "the proxy process to be ready", pp::ready);
    } catch (AssertionError e) {
      pp.close();
      throw new AssertionError(e.getMessage() + "; its output:\n" + pp.output(), e);
    }
    return pp;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError(
          "the proxy process exited with " + process.exitValue() + "; its output:\n" + output());
    }
    try {
      return get("/ready").statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  PromText scrape() throws IOException, InterruptedException {
    return new PromText(get("/metrics").body());
  }

  InetSocketAddress address() {
    return listen;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * A field of {@code /proc/PID/status} in bytes, such as VmRSS or VmHWM (the peak resident set).
   */
  long statusBytes(String field) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024; // reported in kB
      }
    }
    throw new IOException(field + " not in /proc/" + process.pid() + "/status");
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Asks the process to stop (SIGTERM drains), and kills it if it does not within a bound. */
  @Override
  public void close() {
    http.close();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A port nothing listens on: bound, then released for the process to take. */
  static InetSocketAddress freeAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }
}

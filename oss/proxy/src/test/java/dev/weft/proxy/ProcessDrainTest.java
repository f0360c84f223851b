package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.JavaMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy as a real process: SIGTERM drains in-flight work, then the process exits by itself. */
class ProcessDrainTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Exit codes of a JVM that ended on SIGTERM (128 + 15) or ran its hooks and exited normally. */
  private static final Set<Integer> TERM_EXIT = Set.of(0, 143);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private int listenPort;
  private int adminPort;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Process launch(String... args) throws IOException {
    List<String> cmd =
        JavaMain.command(
            List.of("--enable-native-access=ALL-UNNAMED", "-Xmx128m"), ProxyMain.class, args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  /** Starts the proxy in front of {@code upstream} and waits until /ready says so. */
  private Process startProxy(InetSocketAddress upstream) throws Exception {
    listenPort = freePort();
    adminPort = freePort();
    Process p =
        launch(
            "--listen",
            "127.0.0.1:" + listenPort,
            "--forward",
            "127.0.0.1:" + upstream.getPort(),
            "--admin",
            "127.0.0.1:" + adminPort,
            "--drain-timeout",
            "10s",
            "--workers",
            "1");
    await(
        Duration.ofSeconds(30),
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError(
                "the proxy exited with " + p.exitValue() + ": " + readQuietly());
          }
          return adminStatus("/ready") == 200;
        },
        "the proxy is ready");
    return p;
  }

  private String readQuietly() {
    try {
      return stderr();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The status of an admin GET, or -1 when nothing answers. */
  private int adminStatus(String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      return CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private boolean connectRefused() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", listenPort), 1_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  static void await(Duration bound, BooleanSupplier condition, String what) {
    Await.until(bound, what, condition);
  }

  private Socket client() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", listenPort), 5_000);
    s.setSoTimeout(15_000);
    return s;
  }

  private static void get(Socket s, String path) throws IOException {
    s.getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: app.test\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** A response read off the wire: its head (lower-cased) and its Content-Length body. */
  private record Response(String head, String body) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  private static Response read(InputStream in) throws IOException {
    String head = HeldResponseServer.readHead(in);
    if (head == null) {
      throw new IOException("connection closed before a response");
    }
    head = head.toLowerCase(Locale.ROOT);
    int at = head.indexOf("content-length:");
    int length = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(in.readNBytes(length));
    return new Response(head, body.toString(StandardCharsets.US_ASCII));
  }

  /** True when the peer closed: EOF, or a reset. */
  private static boolean closedByPeer(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void sigtermDrainsAnInFlightRequestThenExits() throws Exception {
    try (HeldResponseServer upstream = new HeldResponseServer()) {
      Process proxy = startProxy(upstream.address());
      try (Socket inFlight = client()) {
        get(inFlight, HeldResponseServer.HELD);
        assertTrue(upstream.awaitHeld(10), "the request reached the upstream");

        proxy.destroy(); // SIGTERM

        await(Duration.ofSeconds(10), this::connectRefused, "new connections are refused");
        await(
            Duration.ofSeconds(10),
            () -> adminStatus("/ready") != 200,
            "/ready stops answering 200");
        // The admin server stays up while the drain waits, so readiness is answered, and negative.
        assertEquals(503, adminStatus("/ready"));
        assertTrue(proxy.isAlive(), "the drain waits for the in-flight request");

        upstream.release();
        Response rsp = read(inFlight.getInputStream());
        assertEquals(200, rsp.status(), rsp.head());
        assertEquals("path /held\n", rsp.body());
        assertTrue(
            rsp.head().contains("connection: close"),
            () -> "a draining proxy closes after the response: " + rsp.head());
        assertTrue(closedByPeer(inFlight.getInputStream()));
      }
      assertTrue(proxy.waitFor(15, TimeUnit.SECONDS), "the process exits by itself once drained");
      assertTrue(TERM_EXIT.contains(proxy.exitValue()), "exit code " + proxy.exitValue());
      // The drain is logged, and it ended because the work was done, not because time ran out.
      String log = stderr();
      assertTrue(log.contains("draining ") && log.contains("stopped"), log);
      assertTrue(!log.contains("drain timeout"), log);
    }
  }

  @Test
  void sigtermClosesAnIdleKeepAliveConnection() throws Exception {
    try (HeldResponseServer upstream = new HeldResponseServer()) {
      Process proxy = startProxy(upstream.address());
      try (Socket idle = client()) {
        get(idle, "/fast");
        Response rsp = read(idle.getInputStream());
        assertEquals(200, rsp.status());
        assertTrue(!rsp.head().contains("connection: close"), rsp.head());

        proxy.destroy();

        // Closed by the drain, well before the drain timeout would have forced it.
        assertTrue(closedByPeer(idle.getInputStream()), "the idle connection is closed");
      }
      assertTrue(proxy.waitFor(15, TimeUnit.SECONDS), "the process exits by itself");
      assertTrue(TERM_EXIT.contains(proxy.exitValue()), "exit code " + proxy.exitValue());
      String log = stderr();
      assertTrue(log.contains("draining 1 connection") && log.contains("stopped"), log);
      assertTrue(!log.contains("drain timeout"), log);
    }
  }

  @Test
  void postShutdownDrainsAndExits() throws Exception {
    try (HeldResponseServer upstream = new HeldResponseServer()) {
      Process proxy = startProxy(upstream.address());
      HttpRequest post =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/shutdown"))
              .timeout(Duration.ofSeconds(5))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      assertEquals(202, CLIENT.send(post, HttpResponse.BodyHandlers.discarding()).statusCode());
      assertTrue(proxy.waitFor(15, TimeUnit.SECONDS), "the process exits");
      assertEquals(0, proxy.exitValue());
    }
  }

  @Test
  void invalidFlagValueExitsWithCode2AndNamesTheKey() throws Exception {
    int port = freePort();
    Process p =
        launch(
            "--listen",
            "127.0.0.1:" + port,
            "--forward",
            "127.0.0.1:" + port,
            "--detect-timeout",
            "soon");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
    assertEquals(2, p.exitValue());
    String err = stderr();
    assertTrue(
        err.lines().anyMatch(l -> l.contains("--detect-timeout") && l.contains("'soon'")), err);
  }
}

package dev.weft.proxy.mesh;

import dev.weft.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic that keeps flowing through an outbound proxy while a test changes the mesh under it:
 * HTTP/1.1 requests for {@code host} (multiplexed on the proxies' long-lived HTTP/2 connection),
 * and opaque conversations with a {@link GreetingApp}, each on a tunnel of its own, so a fresh mTLS
 * handshake happens again and again. Every attempt must succeed; failures are kept to be reported.
 */
public final class SteadyLoad implements AutoCloseable {
  /** One failed attempt. */
  public record Failure(Instant at, String what, Throwable cause) {}

  private final InetSocketAddress proxy;
  private final String host;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong http = new AtomicLong();
  private final AtomicLong opaque = new AtomicLong();
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new ArrayList<>();

  /**
   * Starts {@code httpWorkers} HTTP loops and {@code opaqueWorkers} opaque loops against {@code
   * proxy}.
   */
  public SteadyLoad(InetSocketAddress proxy, String host, int httpWorkers, int opaqueWorkers) {
    this.proxy = proxy;
    this.host = host;
    for (int i = 0; i < httpWorkers; i++) {
      int worker = i;
      workers.add(
          Thread.ofPlatform().daemon().name("load-http-" + i).start(() -> httpLoop(worker)));
    }
    for (int i = 0; i < opaqueWorkers; i++) {
      int worker = i;
      workers.add(
          Thread.ofPlatform().daemon().name("load-tcp-" + i).start(() -> opaqueLoop(worker)));
    }
  }

  private void httpLoop(int worker) {
    for (long n = 0; running.get(); n++) {
      String path = "/load/" + worker + "/" + n;
      try {
        get(path);
        http.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        failures.add(new Failure(Instant.now(), "GET " + path, e));
      }
    }
  }

  private void opaqueLoop(int worker) {
    for (int n = 0; running.get(); n++) {
      try {
        GreetingApp.converse(proxy, worker * 1_000_000 + n, 16 * 1024);
        opaque.incrementAndGet();
      } catch (RuntimeException e) {
        failures.add(new Failure(Instant.now(), "conversation " + worker + "/" + n, e));
      }
    }
  }

  /** One request on a fresh client connection, which the proxy closes after the response. */
  private void get(String path) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(proxy, 10_000);
      s.setSoTimeout(20_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String rsp = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!rsp.startsWith("HTTP/1.1 200 ") || !rsp.endsWith("\r\n\r\nGET " + path + " 0")) {
        throw new IOException("unexpected response: " + rsp);
      }
    }
  }

  /** Waits until both kinds of traffic made progress: at least {@code n} more of each. */
  public void awaitProgress(int n, Duration bound) {
    long h = http.get() + n;
    long o = opaque.get() + n;
    Await.until(
        bound,
        n + " more requests and conversations (" + this + ")",
        () -> http.get() >= h && opaque.get() >= o || !failures.isEmpty());
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** Stops the loops, letting each finish the attempt under way. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : workers) {
      t.join(30_000);
    }
  }

  @Override
  public String toString() {
    return http.get() + " requests, " + opaque.get() + " conversations, failures " + failures;
  }
}

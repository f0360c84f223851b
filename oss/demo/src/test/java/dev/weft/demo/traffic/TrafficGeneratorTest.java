package dev.weft.demo.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.weft.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator counts what the target answered, and prints nothing per request. */
class TrafficGeneratorTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void countsSuccessesAndFailuresAsTheTargetAnsweredThem() throws Exception {
    AtomicInteger served = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    Queue<String> hosts = new ConcurrentLinkedQueue<>();
    HttpServer target =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.createContext(
        "/books",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          // Every third request fails, so both counters move.
          int status = served.incrementAndGet() % 3 == 0 ? 503 : 200;
          if (status == 200) {
            ok.incrementAndGet();
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    target.start();
    ByteArrayOutputStream summaries = new ByteArrayOutputStream();
    try {
      TrafficGenerator generator =
          TrafficGenerator.start(
              new InetSocketAddress("127.0.0.1", target.getAddress().getPort()),
              "web",
              "/books",
              50,
              Duration.ofSeconds(5),
              new PrintStream(summaries, true, StandardCharsets.UTF_8));
      Await.until(
          BOUND,
          "10 successes and 5 failures",
          () -> generator.successes() >= 10 && generator.failures() >= 5);
      generator.close();

      assertEquals(ok.get(), generator.successes());
      assertEquals(served.get() - ok.get(), generator.failures());
      assertTrue(hosts.stream().allMatch("web"::equals), "Host headers: " + hosts);
      // Summaries come every ten seconds, never one per request.
      assertTrue(
          summaries.toString(StandardCharsets.UTF_8).lines().count() <= 2,
          summaries.toString(StandardCharsets.UTF_8));
    } finally {
      target.stop(0);
    }
  }

  @Test
  void anUnreachableTargetCountsFailures() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TrafficGenerator generator =
        TrafficGenerator.start(
            new InetSocketAddress("127.0.0.1", closedPort),
            "web",
            "/books",
            50,
            Duration.ofSeconds(5),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      Await.until(BOUND, "5 failures", () -> generator.failures() >= 5);
    } finally {
      generator.close();
    }
    assertEquals(0, generator.successes());
    assertTrue(generator.summary().contains("last failure: unreachable"), generator.summary());
  }
}

package dev.weft.proxy.outbound;

import static dev.weft.proxy.outbound.FakeDestination.endpoint;
import static dev.weft.proxy.outbound.FakeDestination.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.RetryBudget;
import dev.weft.api.destination.v1.RetryPolicy;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.StatusRange;
import dev.weft.api.destination.v1.Timeouts;
import dev.weft.testkit.Await;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-route retries (with their budget) and timeouts, over real sockets. */
class RetriesAndTimeoutsTest {
  private static Duration millis(long ms) {
    return Duration.newBuilder()
        .setSeconds(ms / 1000)
        .setNanos((int) (ms % 1000) * 1_000_000)
        .build();
  }

  private static Route.Builder route(String name) {
    return Route.newBuilder()
        .setName(name)
        .addMatches(RouteMatch.newBuilder().setPathPrefix("/books"));
  }

  private static RetryPolicy.Builder on5xx() {
    return RetryPolicy.newBuilder()
        .addHttpStatuses(StatusRange.newBuilder().setFrom(500).setTo(599));
  }

  @Test
  void aRetryableStatusIsRetriedOnAnotherEndpoint() throws Exception {
    try (Replica good = new Replica("good");
        Replica bad = new Replica("bad");
        OutboundFixture f = OutboundFixture.discovered()) {
      bad.failEvery = 1;
      f.destination.set(
          "books:80",
          ServicePolicy.newBuilder().addRoutes(route("books").setRetry(on5xx())).build(),
          endpoints(good, bad));
      for (int i = 0; i < 60; i++) {
        HttpResponse<String> rsp = f.get("books", "/books/" + i);
        assertEquals(200, rsp.statusCode());
        assertEquals("good", rsp.body());
      }
      assertTrue(bad.failed.get() > 0, "the bad replica was tried");
      var m = f.scrape();
      assertEquals(
          bad.failed.get(),
          m.sum(
              "weft_retry_total",
              Map.of("dst_service", "books:80", "route", "books", "reason", "status")),
          0.0);
    }
  }

  @Test
  void theBudgetCapsRetriesWhenEverythingFails() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        OutboundFixture f = OutboundFixture.discovered()) {
      a.failEvery = 1;
      b.failEvery = 1;
      f.destination.set(
          "books:80",
          ServicePolicy.newBuilder()
              .addRoutes(route("books").setRetry(on5xx().setLimit(3)))
              .setRetryBudget(RetryBudget.newBuilder().setRetryRatio(0.2).setMinRetriesPerSecond(0))
              // Circuit breaking would stop sending to both; this test is about the budget.
              .setFailureAccrual(
                  dev.weft.api.destination.v1.FailureAccrual.newBuilder()
                      .setConsecutiveFailures(1_000_000))
              .build(),
          endpoints(a, b));
      int n = 200;
      for (int i = 0; i < n; i++) {
        assertEquals(503, f.get("books", "/books").statusCode());
      }
      int tries = a.seen() + b.seen();
      // Without a budget: up to 4 tries each (800). With 20%: about 240, whatever the limit.
      assertTrue(tries <= n * 1.2 + 5, "tries " + tries);
      assertTrue(tries > n, "some retries were made: " + tries);
      var m = f.scrape();
      assertTrue(
          m.sum("weft_retry_skipped_total", Map.of("dst_service", "books:80", "why", "budget")) > 0,
          m.text());
    }
  }

  @Test
  void aPerTryTimeoutMovesTheRequestToAnotherEndpoint() throws Exception {
    try (Replica stuck = new Replica("stuck");
        Replica good = new Replica("good");
        OutboundFixture f = OutboundFixture.discovered()) {
      stuck.hold = new CountDownLatch(1);
      f.destination.set(
          "books:80",
          ServicePolicy.newBuilder()
              .addRoutes(
                  route("books")
                      .setRetry(on5xx().setPerTryTimeout(millis(200)))
                      .setTimeouts(Timeouts.newBuilder().setRequest(millis(10_000))))
              .build(),
          endpoints(stuck, good));
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> rsp = f.get("books", "/books");
        assertEquals(200, rsp.statusCode());
        assertEquals("good", rsp.body());
      }
      assertTrue(stuck.seen() > 0, "the stuck replica was tried");
      stuck.hold.countDown();
    }
  }

  @Test
  void aRequestTimeoutAnswers504AndCancelsTheUpstreamRequest() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set(
          "books:80",
          ServicePolicy.newBuilder()
              .addRoutes(route("books").setTimeouts(Timeouts.newBuilder().setRequest(millis(300))))
              .build(),
          List.of(endpoint(new InetSocketAddress("127.0.0.1", upstream.getLocalPort()))));
      CountDownLatch cancelled = new CountDownLatch(1);
      Thread server =
          Thread.ofVirtual()
              .start(() -> {
                try (Socket s = upstream.accept()) {
                  InputStream in = s.getInputStream();
                  // Read the request and never answer; the end of the stream is the cancel.
                  while (in.read() >= 0) {}
                  cancelled.countDown();
                } catch (Exception e) {
                  cancelled.countDown();
                }
              });
      HttpResponse<String> rsp = f.get("books", "/books/slow");
      assertEquals(504, rsp.statusCode());
      assertTrue(
          rsp.headers().firstValue("weft-proxy-error").orElse("").contains("request timeout"),
          rsp.headers().map().toString());
      assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the upstream connection was closed");
      server.join(5_000);
      Await.until(
          java.time.Duration.ofSeconds(10),
          () ->
              f.scrape()
                      .sum(
                          "response_total", Map.of("target_addr", "books:80", "status_code", "504"))
                  == 1,
          () -> "the 504 is counted");
    }
  }
}

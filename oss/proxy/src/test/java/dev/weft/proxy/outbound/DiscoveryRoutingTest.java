package dev.weft.proxy.outbound;

import static dev.weft.proxy.outbound.FakeDestination.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.testkit.Await;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests named by authority reach the endpoints discovery pushes, as they change. */
class DiscoveryRoutingTest {
  private static final ServicePolicy DEFAULT = ServicePolicy.getDefaultInstance();

  @Test
  void requestsReachTheEndpointsDiscoveryNames() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books:80", DEFAULT, endpoints(a, b));
      for (int i = 0; i < 100; i++) {
        HttpResponse<String> rsp = f.get("books", "/books");
        assertEquals(200, rsp.statusCode(), rsp.body());
      }
      assertEquals(100, a.served.get() + b.served.get());
      assertTrue(a.served.get() > 0 && b.served.get() > 0, a.served + " / " + b.served);
      // The authority is normalised to host:port before it is asked about.
      assertEquals(List.of("books:80"), f.destination.watched);
      assertEquals(
          100,
          f.scrape()
              .sum("response_total", Map.of("target_addr", "books:80", "status_code", "200")));
    }
  }

  @Test
  void endpointsAddedAndRemovedReachTheProxyWithoutARestart() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books:80", DEFAULT, endpoints(a));
      assertEquals("a", f.get("books:80", "/").body());
      f.destination.set("books:80", DEFAULT, endpoints(a, b));
      Await.until(
          Duration.ofSeconds(20), "b gets traffic after it was added", () -> "b".equals(get(f)));
      f.destination.set("books:80", DEFAULT, endpoints(b));
      // Once a request reached only b after the removal, every later one does.
      Await.until(
          Duration.ofSeconds(20),
          "a stops getting traffic after it was removed",
          () -> {
            int before = a.seen();
            for (int i = 0; i < 20; i++) {
              if (!"b".equals(get(f))) {
                return false;
              }
            }
            return a.seen() == before;
          });
    }
  }

  @Test
  void aRestartedControlPlanesFirstAnswerReplacesWhatTheProxyKnew() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books:80", DEFAULT, endpoints(a, b));
      Await.until(Duration.ofSeconds(20), "b gets traffic", () -> "b".equals(get(f)));
      int port = f.destination.address().getPort();
      f.destination.close();
      // While the control plane is away, b leaves; the restarted one only knows a. Its first
      // answer (policy, then the endpoints) must replace what the proxy kept, not add to it.
      try (FakeDestination restarted = new FakeDestination(port)) {
        restarted.set("books:80", DEFAULT, endpoints(a));
        Await.until(
            Duration.ofSeconds(30),
            "the proxy watches the restarted control plane",
            () -> restarted.activeWatches("books:80") == 1);
        Await.until(
            Duration.ofSeconds(20),
            "b is gone",
            () -> {
              int before = b.seen();
              for (int i = 0; i < 20; i++) {
                if (!"a".equals(get(f))) {
                  return false;
                }
              }
              return b.seen() == before;
            });
      }
    }
  }

  @Test
  void anUnknownServiceIsAnswered404WithTheReason() throws Exception {
    try (OutboundFixture f = OutboundFixture.discovered()) {
      HttpResponse<String> rsp = f.get("nosuch.example:8080", "/");
      assertEquals(404, rsp.statusCode());
      String why = rsp.headers().firstValue("weft-proxy-error").orElse("");
      assertTrue(why.contains("no service nosuch.example:8080"), why);
    }
  }

  @Test
  void aServiceWithoutEndpointsIsAnswered503() throws Exception {
    try (OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("empty:80", DEFAULT, List.of());
      HttpResponse<String> rsp = f.get("empty", "/");
      assertEquals(503, rsp.statusCode());
      String why = rsp.headers().firstValue("weft-proxy-error").orElse("");
      assertTrue(why.contains("no endpoints (empty:80)"), why);
    }
  }

  @Test
  void aServiceThatDisappearsIsAnswered404() throws Exception {
    try (Replica a = new Replica("a");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books:80", DEFAULT, endpoints(a));
      assertEquals(200, f.get("books", "/").statusCode());
      f.destination.remove("books:80");
      Await.until(Duration.ofSeconds(20), "404 after the service is gone", () -> status(f) == 404);
    }
  }

  @Test
  void aSplitOf90To10LandsWithinTwoPointsOverThousandsOfRequests() throws Exception {
    try (Replica v1 = new Replica("v1");
        Replica v2 = new Replica("v2");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books-v1:80", DEFAULT, endpoints(v1));
      f.destination.set("books-v2:80", DEFAULT, endpoints(v2));
      f.destination.set(
          "books:80",
          ServicePolicy.newBuilder()
              .addBackends(Backend.newBuilder().setName("books-v1:80").setWeight(90))
              .addBackends(Backend.newBuilder().setName("books-v2:80").setWeight(10))
              .build(),
          List.of());
      int n = 3000;
      for (int i = 0; i < n; i++) {
        assertEquals(200, f.get("books", "/").statusCode());
      }
      double share = v2.served.get() / (double) n;
      // Binomial(3000, 0.1): the standard deviation is 0.55 points; 2 points is beyond 3.5 sigma.
      assertTrue(Math.abs(share - 0.10) < 0.02, "v2 share " + share);
      assertEquals(n, v1.served.get() + v2.served.get());
    }
  }

  @Test
  void aSplitChangedUnderLoadDropsNoRequest() throws Exception {
    try (Replica v1 = new Replica("v1");
        Replica v2 = new Replica("v2");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set("books-v1:80", DEFAULT, endpoints(v1));
      f.destination.set("books-v2:80", DEFAULT, endpoints(v2));
      f.destination.set("books:80", split(100, 0), List.of());
      try (Load load = new Load(f, "books", 4)) {
        Await.until(Duration.ofSeconds(20), "traffic flows", () -> load.ok() > 200);
        f.destination.set("books:80", split(50, 50), List.of());
        Await.until(Duration.ofSeconds(20), "v2 gets traffic", () -> v2.served.get() > 100);
        f.destination.set("books:80", split(0, 100), List.of());
        int v1Before = v1.seen();
        Await.until(
            Duration.ofSeconds(20),
            "all traffic on v2",
            () -> {
              int b = v1.seen();
              int ok = load.ok();
              Await.until(Duration.ofSeconds(10), "more requests", () -> load.ok() > ok + 100);
              return v1.seen() == b;
            });
        assertTrue(v1.seen() >= v1Before);
        load.stop();
        assertEquals(0, load.failures(), load.firstFailure());
      }
    }
  }

  private static ServicePolicy split(int w1, int w2) {
    return ServicePolicy.newBuilder()
        .addBackends(Backend.newBuilder().setName("books-v1:80").setWeight(w1))
        .addBackends(Backend.newBuilder().setName("books-v2:80").setWeight(w2))
        .build();
  }

  private static int status(OutboundFixture f) {
    try {
      return f.get("books", "/").statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String get(OutboundFixture f) {
    try {
      return f.get("books:80", "/").body();
    } catch (Exception e) {
      return e.toString();
    }
  }
}

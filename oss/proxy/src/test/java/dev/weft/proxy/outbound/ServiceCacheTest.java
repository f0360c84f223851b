package dev.weft.proxy.outbound;

import static dev.weft.proxy.outbound.FakeDestination.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.testkit.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's stack is built once, reused by every request, and dropped when idle. */
class ServiceCacheTest {
  @Test
  void aServiceIsWatchedOnceAndDroppedWhenIdle() throws Exception {
    try (Replica a = new Replica("a");
        OutboundFixture f = OutboundFixture.discovered(Duration.ofSeconds(2))) {
      f.destination.set("books:80", ServicePolicy.getDefaultInstance(), endpoints(a));
      for (int i = 0; i < 5; i++) {
        var rsp = f.get("books", "/");
        assertEquals(200, rsp.statusCode(), rsp.headers().map().toString());
      }
      assertEquals(1, f.destination.watched.size(), "one watch for every request");
      assertEquals(1.0, f.scrape().sum("weft_discovery_services", Map.of()));
      Await.until(
          Duration.ofSeconds(20),
          "the idle service is dropped and its watch cancelled",
          () -> f.destination.activeWatches("books:80") == 0);
      Await.until(
          Duration.ofSeconds(20),
          () -> f.scrape().sum("weft_discovery_services", Map.of()) == 0.0,
          () -> "the gauge follows");
      // Used again: built again, with a new watch.
      assertEquals(200, f.get("books", "/").statusCode());
      assertEquals(2, f.destination.watched.size());
      assertEquals(1, f.destination.activeWatches("books:80"));
    }
  }
}

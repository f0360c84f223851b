package dev.weft.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the proxy sees each endpoint ({@code dst_zone_locality}), and the share of a service's
 * weight outside the proxy's zone that the zone-blind estimate uses.
 */
class ZoneTrafficTest {
  // 7001 in the proxy's zone, 7002 in another, 7003 in none.
  private static final Map<String, Map<Integer, String>> BOOKS =
      Map.of("books:80", Map.of(7001, "zone-a", 7002, "zone-b", 7003, ""));

  private static String locality(PromText m, int port) {
    var samples =
        m.samples("weft_balancer_endpoint_requests_total").stream()
            .filter(s -> s.labels().get("endpoint").equals("127.0.0.1:" + port))
            .map(s -> s.labels().get("dst_zone_locality"))
            .distinct()
            .toList();
    assertEquals(1, samples.size(), m.text());
    return samples.getFirst();
  }

  @Test
  void endpointsAreLocalInTheProxysZoneAndRemoteElsewhereOrWithoutAZone() {
    try (ZonedTargets zoned = new ZonedTargets("zone-a", BOOKS)) {
      zoned.service("books:80");
      PromText m = zoned.scrape();
      assertEquals("local", locality(m, 7001));
      assertEquals("remote", locality(m, 7002));
      assertEquals("remote", locality(m, 7003), "no zone is another zone");
    }
  }

  @Test
  void withoutAZoneOfItsOwnTheProxyCannotTell() {
    try (ZonedTargets zoned = new ZonedTargets("", BOOKS)) {
      zoned.service("books:80");
      PromText m = zoned.scrape();
      for (int port : new int[] {7001, 7002, 7003}) {
        assertEquals("unknown", locality(m, port));
      }
      assertFalse(m.has("weft_cross_zone_bytes_avoided"), "no estimate without a zone");
      assertFalse(m.has("weft_zone_blind_cross_zone_bytes_total"));
      assertEquals(
          2, m.samples("weft_zone_bytes_total").size(), "unknown, sent and received: " + m.text());
      for (Endpoint e : zoned.service("books:80").currentEndpoints()) {
        assertEquals(0.0, e.connections().zone().remoteShare(), e.toString());
      }
    }
  }

  @Test
  void theRemoteShareIsTheWeightOfUsableEndpointsOutsideTheZone() {
    try (ZonedTargets zoned = new ZonedTargets("zone-a", BOOKS)) {
      Service s = zoned.service("books:80");
      for (Endpoint e : s.currentEndpoints()) {
        assertEquals(2.0 / 3, e.connections().zone().remoteShare(), 1e-12, e.toString());
      }
      PromText m = zoned.scrape();
      assertTrue(m.has("weft_cross_zone_bytes_avoided"), m.text());
      assertEquals(0.0, m.sum("weft_cross_zone_bytes_avoided", Map.of("direction", "outbound")));
      assertEquals(4, m.samples("weft_zone_bytes_total").size(), "local and remote: " + m.text());
    }
  }

  @Test
  void aTargetSharedByServicesTakesTheShareOfTheLastOneBalanced() {
    Map<String, Map<Integer, String>> services =
        Map.of(
            "books:80", BOOKS.get("books:80"),
            "authors:80", Map.of(7001, "zone-a", 7004, "zone-a", 7005, "zone-b", 7006, "zone-c"));
    try (ZonedTargets zoned = new ZonedTargets("zone-a", services)) {
      Service books = zoned.service("books:80");
      Service authors = zoned.service("authors:80");
      Map<Integer, Double> share = new java.util.HashMap<>();
      for (Endpoint e : authors.currentEndpoints()) {
        share.put(e.address().getPort(), e.connections().zone().remoteShare());
      }
      assertEquals(Map.of(7001, 0.5, 7004, 0.5, 7005, 0.5, 7006, 0.5), share);
      for (Endpoint e : books.currentEndpoints()) {
        double expected = e.address().getPort() == 7001 ? 0.5 : 2.0 / 3;
        assertEquals(expected, e.connections().zone().remoteShare(), 1e-12, e.toString());
      }
      // The same connections: one target, whichever service reaches it.
      Endpoint viaBooks =
          books.currentEndpoints().stream()
              .filter(e -> e.address().getPort() == 7001)
              .findAny()
              .orElseThrow();
      Endpoint viaAuthors =
          authors.currentEndpoints().stream()
              .filter(e -> e.address().getPort() == 7001)
              .findAny()
              .orElseThrow();
      assertTrue(viaBooks.connections() == viaAuthors.connections());
    }
  }
}

package dev.weft.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.proxy.PromText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytes exchanged with discovered endpoints over real HTTP, counted by the endpoints' zone
 * locality, and the cross-zone bytes a zone-blind balancer would have caused.
 */
class ZoneBytesTest {
  private static final ServicePolicy DEFAULT = ServicePolicy.getDefaultInstance();
  private static final Map<String, String> OUT = Map.of("direction", "outbound");

  private static dev.weft.api.destination.v1.Endpoint in(Replica r, String zone) {
    return FakeDestination.endpoints(r).getFirst().toBuilder().setZone(zone).build();
  }

  private static void get(OutboundFixture f, String authority, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      var rsp = f.get(authority, "/" + i);
      assertEquals(200, rsp.statusCode(), rsp.body());
    }
  }

  private static double zoneBytes(PromText m, String locality, String flow) {
    return m.sum(
        "weft_zone_bytes_total",
        Map.of(
            "direction", "outbound", "dst_zone_locality", locality, "peer", "dst", "flow", flow));
  }

  /** The {@code tcp_*_bytes_total} of the proxy's connections to {@code r}. */
  private static double tcpBytes(PromText m, String metric, Replica r) {
    return m.sum(metric, Map.of("peer", "dst", "target_addr", "127.0.0.1:" + r.port()));
  }

  /** Each locality's bytes are exactly the bytes of the connections to its endpoints. */
  private static void assertBytes(PromText m, String locality, Replica r) {
    double sent = zoneBytes(m, locality, "sent");
    double received = zoneBytes(m, locality, "received");
    assertTrue(sent > 0 && received > 0, m.text());
    assertEquals(tcpBytes(m, "tcp_write_bytes_total", r), sent, m.text());
    assertEquals(tcpBytes(m, "tcp_read_bytes_total", r), received, m.text());
  }

  @Test
  void bytesCountUnderTheLocalityOfTheEndpointTheyWentTo() throws Exception {
    try (Replica near = new Replica("near");
        Replica far = new Replica("far");
        OutboundFixture f = OutboundFixture.discovered("zone-a", LocalZoneProvider.NAME)) {
      f.destination.set("near:80", DEFAULT, List.of(in(near, "zone-a")));
      f.destination.set("far:80", DEFAULT, List.of(in(far, "zone-b")));
      get(f, "near", 3);
      get(f, "far", 2);
      PromText m = f.scrape();
      assertBytes(m, "local", near);
      assertBytes(m, "remote", far);
      assertFalse(m.text().contains("dst_zone_locality=\"unknown\""), m.text());
      assertEquals(
          3.0,
          m.sum(
              "weft_balancer_endpoint_requests_total",
              Map.of("dst_service", "near:80", "dst_zone_locality", "local", "outcome", "success")),
          m.text());
      assertEquals(
          2.0,
          m.sum(
              "weft_balancer_endpoint_requests_total",
              Map.of("dst_service", "far:80", "dst_zone_locality", "remote", "outcome", "success")),
          m.text());
    }
  }

  @Test
  void aProxyWithoutAZoneCountsNoZoneBytesAndNoEstimate() throws Exception {
    try (Replica r = new Replica("r");
        OutboundFixture f = OutboundFixture.discovered("", LocalZoneProvider.NAME)) {
      f.destination.set("books:80", DEFAULT, List.of(in(r, "zone-a")));
      get(f, "books", 2);
      PromText m = f.scrape();
      // Requests still say their locality is unknown; bytes are not tallied at all.
      assertTrue(
          m.sum(
                  "weft_balancer_endpoint_requests_total",
                  Map.of("dst_zone_locality", "unknown", "outcome", "success"))
              >= 2,
          m.text());
      for (String flow : new String[] {"sent", "received"}) {
        assertEquals(0, m.sum("weft_zone_bytes_total", Map.of("flow", flow)), m.text());
      }
      assertFalse(m.has("weft_zone_blind_cross_zone_bytes_total"), m.text());
      assertFalse(m.has("weft_cross_zone_bytes_avoided"), m.text());
    }
  }

  @Test
  void keepingEveryRequestInZoneAvoidsTheTwoThirdsAZoneBlindBalancerWouldSendAcross()
      throws Exception {
    try (Replica local = new Replica("local");
        Replica b = new Replica("b");
        Replica c = new Replica("c");
        OutboundFixture f = OutboundFixture.discovered("zone-a", LocalZoneProvider.NAME)) {
      f.destination.set(
          "books:80", DEFAULT, List.of(in(local, "zone-a"), in(b, "zone-b"), in(c, "zone-c")));
      get(f, "books", 20);
      assertEquals(20, local.served.get());
      assertEquals(0, b.seen() + c.seen(), "the test balancer keeps every request in zone-a");

      PromText m = f.scrape();
      double bytes = zoneBytes(m, "local", "sent") + zoneBytes(m, "local", "received");
      assertTrue(bytes > 0, m.text());
      assertEquals(0.0, zoneBytes(m, "remote", "sent") + zoneBytes(m, "remote", "received"));
      // Equal weights, two of three endpoints elsewhere: p_remote = 2/3 for every byte. The
      // tolerance is the rounding of summing n * 2/3 once per read and write, far below a byte.
      double expected = bytes * 2 / 3;
      double tolerance = 1e-9 * bytes;
      double zoneBlind = m.sum("weft_zone_blind_cross_zone_bytes_total", OUT);
      assertEquals(expected, zoneBlind, tolerance, m.text());
      assertEquals(expected, m.sum("weft_cross_zone_bytes_avoided", OUT), tolerance, m.text());
    }
  }
}

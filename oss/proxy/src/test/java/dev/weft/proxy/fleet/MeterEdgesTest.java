package dev.weft.proxy.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.fleet.v1.Edge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge walk over meters shaped as the proxy's metrics register them. */
class MeterEdgesTest {
  private static Tags target(
      String direction, String addr, String tls, String client, String server) {
    return Tags.of(
        "direction", direction,
        "target_addr", addr,
        "tls", tls,
        "client_id", client,
        "server_id", server);
  }

  private static void count(MeterRegistry r, String name, Tags tags, double n) {
    Counter.builder(name).tags(tags).register(r).increment(n);
  }

  @Test
  void groupsConnectionsAndRequestsByDirectionTargetTlsAndPeer() {
    MeterRegistry r = new SimpleMeterRegistry();
    Tags books = target("outbound", "127.0.0.1:7721", "true", "", "books.demo");
    // The proxy opened 3 connections to books; the client side (src) is not this edge's count.
    count(r, "tcp_open", books.and("peer", "dst"), 3);
    count(r, "tcp_open", books.and("peer", "src"), 7);
    count(r, "request", books.and("authority", "books:80"), 10);
    count(r, "request", books.and("authority", "books.demo:80"), 2);
    Tags web = target("inbound", "127.0.0.1:7730", "true", "web.demo", "");
    count(r, "tcp_open", web.and("peer", "src"), 4);
    count(r, "tcp_open", web.and("peer", "dst"), 1);
    count(r, "request", web.and("authority", "books:80"), 5);
    // Plaintext in from an unmeshed client, and a meter nobody used yet.
    Tags plain = target("inbound", "127.0.0.1:7730", "no_identity", "", "");
    count(r, "tcp_open", plain.and("peer", "src"), 2);
    count(r, "tcp_open", target("outbound", "127.0.0.1:9", "true", "", "x").and("peer", "dst"), 0);
    // Another meter of the same tags is not traffic.
    count(r, "tcp_close", books.and("peer", "dst").and("classification", "success"), 9);

    MeterEdges.Walk walk = MeterEdges.walk(r, MeterEdges.MAX_EDGES);

    assertFalse(walk.truncated());
    assertEquals(
        List.of(
            Edge.newBuilder()
                .setDirection("inbound")
                .setTargetAddr("127.0.0.1:7730")
                .setTls(false)
                .setConnections(2)
                .build(),
            Edge.newBuilder()
                .setDirection("inbound")
                .setTargetAddr("127.0.0.1:7730")
                .setTls(true)
                .setPeerIdentity("web.demo")
                .setConnections(4)
                .putRequests("books:80", 5)
                .build(),
            Edge.newBuilder()
                .setDirection("outbound")
                .setTargetAddr("127.0.0.1:7721")
                .setTls(true)
                .setPeerIdentity("books.demo")
                .setConnections(3)
                .putAllRequests(Map.of("books:80", 10L, "books.demo:80", 2L))
                .build()),
        walk.edges());
  }

  @Test
  void aDiscoveredServicesTriesGoOnTheEdgesOfTheEndpointsThatCarriedThem() {
    MeterRegistry r = new SimpleMeterRegistry();
    // The service's own request meter names it and has no tls: not an edge of its own.
    count(r, "request", target("outbound", "books:80", "", "", "").and("authority", "books"), 9);
    Tags mtls = target("outbound", "127.0.0.1:7721", "true", "", "books.demo");
    count(r, "tcp_open", mtls.and("peer", "dst"), 1);
    Tags plain = target("outbound", "127.0.0.1:7731", "no_identity", "", "");
    count(r, "tcp_open", plain.and("peer", "dst"), 2);
    tries(r, "127.0.0.1:7721", "success", 5);
    tries(r, "127.0.0.1:7721", "failure", 1);
    tries(r, "127.0.0.1:7731", "success", 3);
    // Refused before a connection: nothing crossed; and an endpoint never connected to.
    tries(r, "127.0.0.1:7731", "unreachable", 4);
    tries(r, "127.0.0.1:7741", "unreachable", 2);

    List<Edge> edges = MeterEdges.walk(r, MeterEdges.MAX_EDGES).edges();

    assertEquals(
        List.of(
            Edge.newBuilder()
                .setDirection("outbound")
                .setTargetAddr("127.0.0.1:7721")
                .setTls(true)
                .setPeerIdentity("books.demo")
                .setConnections(1)
                .putRequests("books:80", 6)
                .build(),
            Edge.newBuilder()
                .setDirection("outbound")
                .setTargetAddr("127.0.0.1:7731")
                .setTls(false)
                .setConnections(2)
                .putRequests("books:80", 3)
                .build()),
        edges);
  }

  private static void tries(MeterRegistry r, String endpoint, String outcome, double n) {
    count(
        r,
        "weft_balancer_endpoint_requests",
        Tags.of("dst_service", "books:80", "endpoint", endpoint, "outcome", outcome),
        n);
  }

  @Test
  void atMostTheBoundAndSaysSomeWereLeftOut() {
    MeterRegistry r = new SimpleMeterRegistry();
    for (int i = 0; i < 30; i++) {
      Tags t = target("outbound", String.format("10.0.0.%02d:80", i), "no_identity", "", "");
      count(r, "tcp_open", t.and("peer", "dst"), 1);
    }
    MeterEdges.Walk cut = MeterEdges.walk(r, 25);
    assertTrue(cut.truncated());
    assertEquals(25, cut.edges().size());
    // The same edges every time: the first in order.
    assertEquals("10.0.0.00:80", cut.edges().getFirst().getTargetAddr());
    assertEquals("10.0.0.24:80", cut.edges().getLast().getTargetAddr());

    MeterEdges.Walk exact = MeterEdges.walk(r, 30);
    assertFalse(exact.truncated(), "exactly the bound is not truncated");
    assertEquals(30, exact.edges().size());
  }
}

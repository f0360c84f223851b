package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After requests with known outcomes, {@code /metrics} reports exactly them, with Linkerd's names
 * and labels.
 */
class Http1MetricsTest {

  @Test
  void requestsResponsesLatenciesAndConnectionsAreCounted() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving(
                (req, i) -> Http1Wire.response(Integer.parseInt(req.target().substring(1)), "s"));
        TestProxy proxy = TestProxy.start(up.address())) {
      long sent = 0;
      // Two client connections, one after the other: the second reuses the pooled upstream
      // connection.
      List<List<Integer>> perClient = List.of(List.of(200, 200, 404, 503), List.of(200, 404, 201));
      for (List<Integer> statuses : perClient) {
        try (RawClient c = RawClient.connect(proxy.address())) {
          for (int status : statuses) {
            String req = "GET /" + status + " HTTP/1.1\r\nHost: svc.test:8080\r\n\r\n";
            sent += req.getBytes(StandardCharsets.ISO_8859_1).length;
            assertEquals(status, c.send(req).response().status());
          }
        }
      }
      Await.until(
          Duration.ofSeconds(10),
          "both client connections counted as closed",
          () -> scrape(proxy).sum("tcp_close_total", Map.of("peer", "src")) == 2);
      PromText m = scrape(proxy);
      String target = "127.0.0.1:" + up.address().getPort();
      Map<String, String> route =
          Map.of(
              "direction",
              "inbound",
              "authority",
              "svc.test:8080",
              "target_addr",
              target,
              "tls",
              "no_identity");

      assertEquals(7, m.sum("request_total", route));
      assertEquals(
          3,
          m.sum("response_total", with(route, "status_code", "200", "classification", "success")));
      assertEquals(
          2,
          m.sum("response_total", with(route, "status_code", "404", "classification", "success")));
      assertEquals(
          1,
          m.sum("response_total", with(route, "status_code", "201", "classification", "success")));
      assertEquals(
          1,
          m.sum("response_total", with(route, "status_code", "503", "classification", "failure")));
      assertEquals(
          0,
          m.sum("response_total", with(route, "status_code", "503", "classification", "success")));
      assertEquals(1, m.sum("response_total", with(route, "classification", "failure")));
      assertEquals(7, m.sum("response_total", route));
      assertEquals(7, m.sum("response_latency_ms_count", route));
      assertEquals(3, m.sum("response_latency_ms_count", with(route, "status_code", "200")));

      Map<String, String> conn =
          Map.of("direction", "inbound", "target_addr", target, "tls", "no_identity");
      assertEquals(2, m.sum("tcp_open_total", with(conn, "peer", "src")));
      assertEquals(1, m.sum("tcp_open_total", with(conn, "peer", "dst")));
      assertEquals(0, m.sum("tcp_open_connections", with(conn, "peer", "src")));
      assertEquals(
          1,
          m.sum("tcp_open_connections", with(conn, "peer", "dst")),
          "the pooled upstream connection");
      assertEquals(
          2, m.sum("tcp_close_total", with(conn, "peer", "src", "classification", "success")));
      // Every byte the clients sent was read, and every request byte was written upstream
      // unchanged.
      assertEquals(sent, m.sum("tcp_read_bytes_total", with(conn, "peer", "src")));
      assertEquals(sent, m.sum("tcp_write_bytes_total", with(conn, "peer", "dst")));
    }
  }

  @Test
  void proxyMadeErrorsAreCountedAsFailures() throws Exception {
    InetSocketAddress nobody;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    try (TestProxy proxy = TestProxy.start(nobody);
        RawClient c = RawClient.connect(proxy.address())) {
      for (int i = 0; i < 2; i++) {
        assertEquals(502, c.send("GET /x HTTP/1.1\r\nHost: down.test\r\n\r\n").response().status());
      }
      Await.until(
          Duration.ofSeconds(10),
          "two responses counted",
          () -> scrape(proxy).sum("response_total", Map.of("authority", "down.test")) == 2);
      PromText m = scrape(proxy);
      Map<String, String> route = Map.of("authority", "down.test", "direction", "inbound");
      assertEquals(2, m.sum("request_total", route));
      assertEquals(
          2,
          m.sum("response_total", with(route, "status_code", "502", "classification", "failure")));
      assertEquals(2, m.sum("response_latency_ms_count", with(route, "status_code", "502")));
      assertEquals(1, m.sum("tcp_open_total", Map.of("peer", "src")));
      assertEquals(
          0, m.sum("tcp_open_total", Map.of("peer", "dst")), "a refused connect opened nothing");
    }
  }

  private static Map<String, String> with(Map<String, String> base, String... more) {
    Map<String, String> out = new java.util.HashMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      out.put(more[i], more[i + 1]);
    }
    return out;
  }

  private static PromText scrape(TestProxy proxy) {
    try {
      return proxy.scrape();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.config.Target;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests go to the target their authority's route names; with no match, to the forward. */
class Http1RoutesTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s";

  private static RawUpstream named(String name) throws Exception {
    return RawUpstream.serving((req, i) -> String.format(OK, name.length(), name));
  }

  private static ProxyConfig routed(Target fallback, Map<String, Target> routes) {
    ProxyConfig c = TestProxy.config(new InetSocketAddress("127.0.0.1", 1));
    return c.withListeners(
        List.of(
            new ListenerConfig(
                "outbound", new InetSocketAddress("127.0.0.1", 0), fallback, routes)));
  }

  @Test
  void authorityPicksTheRouteByHostOrHostAndPort() throws Exception {
    try (RawUpstream a = named("a");
        RawUpstream b = named("b");
        RawUpstream other = named("other");
        TestProxy proxy =
            TestProxy.start(
                routed(
                    new Target(other.address(), null),
                    Map.of(
                        "books", new Target(a.address(), null),
                        "authors:8080", new Target(b.address(), null))));
        RawClient c = RawClient.connect(proxy.address())) {
      assertEquals("a", body(c, "books"));
      assertEquals("a", body(c, "BOOKS:80"), "a route by host matches any port, any case");
      assertEquals("b", body(c, "authors:8080"));
      assertEquals("other", body(c, "authors:9090"), "a host:port route matches that port only");
      assertEquals("other", body(c, "web"));

      PromText m = proxy.scrape();
      String aAddr = "127.0.0.1:" + a.address().getPort();
      assertEquals(
          2.0,
          m.sum("response_total", Map.of("target_addr", aAddr, "status_code", "200")),
          "requests are counted under the target they went to");
    }
  }

  @Test
  void noRouteAndNoForwardIsA404NamingTheAuthority() throws Exception {
    try (RawUpstream a = named("a");
        TestProxy proxy =
            TestProxy.start(routed(null, Map.of("books", new Target(a.address(), null))));
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET / HTTP/1.1\r\nHost: nowhere\r\n\r\n").response();
      assertEquals(404, rsp.status());
      String error = rsp.header("weft-proxy-error");
      assertNotNull(error);
      assertTrue(error.startsWith("no-route") && error.contains("nowhere"), error);
      assertEquals(0, a.accepted());
    }
  }

  private static String body(RawClient c, String host) throws Exception {
    Http1Message rsp = c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").response();
    assertEquals(200, rsp.status());
    return new String(rsp.body(), java.nio.charset.StandardCharsets.US_ASCII);
  }
}

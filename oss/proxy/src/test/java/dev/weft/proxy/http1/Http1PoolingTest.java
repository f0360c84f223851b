package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Upstream keep-alive connections are pooled, and a pooled connection the upstream dropped costs
 * the client nothing.
 */
class Http1PoolingTest {

  @Test
  void successiveClientConnectionsShareOneUpstreamConnection() throws Exception {
    try (RawUpstream up = RawUpstream.serving((req, i) -> Http1Wire.response(200, req.target()));
        TestProxy proxy = TestProxy.start(up.address())) {
      for (int client = 0; client < 5; client++) {
        try (RawClient c = RawClient.connect(proxy.address())) {
          for (int n = 0; n < 4; n++) {
            String path = "/c" + client + "/r" + n;
            assertEquals(
                path, c.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
          }
        }
      }
      assertEquals(
          1,
          up.accepted(),
          "20 requests from 5 client connections should reuse one upstream connection");
    }
  }

  @Test
  void concurrentClientsUseNoMoreUpstreamConnectionsThanThereAreClients() throws Exception {
    int clients = 4;
    int perClient = 25;
    try (RawUpstream up = RawUpstream.serving((req, i) -> Http1Wire.response(200, req.target()));
        TestProxy proxy = TestProxy.start(up.address());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        int id = client;
        done.add(
            pool.submit(() -> {
              try (RawClient c = RawClient.connect(proxy.address())) {
                for (int n = 0; n < perClient; n++) {
                  String path = "/c" + id + "/r" + n;
                  assertEquals(
                      path,
                      c.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
                }
              }
              return null;
            }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      // Each client has at most one request in flight, so at most `clients` upstream connections
      // are ever busy.
      assertTrue(
          up.accepted() <= clients,
          up.accepted() + " upstream connections for " + clients + " clients");
      assertEquals(clients * perClient, up.pendingRequests());
    }
  }

  @Test
  void anIdleConnectionTheUpstreamClosedIsNotUsedAgain() throws Exception {
    // Answers as if keeping the connection, then closes it while it idles in the pool.
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              conn.record(Http1Wire.readRequest(conn.in()));
              conn.send(Http1Wire.response(200, "from connection " + i));
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      assertEquals(
          "from connection 0", c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      Await.until(
          Duration.ofSeconds(10),
          "the proxy to see its pooled connection close",
          () -> openUpstreamConnections(proxy) == 0);

      Http1Message second = c.send("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(200, second.status());
      assertEquals("from connection 1", second.bodyText());
    }
  }

  @Test
  void aBodilessRequestOnAConnectionClosedUnderItIsSentAgain() throws Exception {
    // The first connection answers once, then takes the next request and closes without a word:
    // the race of a server closing an idle connection just as the proxy reuses it.
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              for (int n = 0; ; n++) {
                Http1Message req = Http1Wire.readRequest(conn.in());
                if (req == null) {
                  return;
                }
                conn.record(req);
                if (i == 0 && n == 1) {
                  return;
                }
                conn.send(Http1Wire.response(200, "connection " + i + " answers " + req.target()));
              }
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      assertEquals(
          "connection 0 answers /1",
          c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      Http1Message retried = c.send("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(200, retried.status());
      assertEquals("connection 1 answers /2", retried.bodyText());
      assertEquals(2, up.accepted());
      assertEquals("/1", up.takeRequest().target());
      assertEquals("/2", up.takeRequest().target());
      assertEquals("/2", up.takeRequest().target());
    }
  }

  @Test
  void aRequestWithABodyIsNotSentTwice() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              conn.record(Http1Wire.readRequest(conn.in()));
              conn.send(Http1Wire.response(200, "first"));
              conn.record(Http1Wire.readRequest(conn.in()));
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      assertEquals("first", c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      Http1Message rsp =
          c.send("POST /pay HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc").response();
      assertEquals(502, rsp.status());
      assertTrue(
          rsp.header("weft-proxy-error").startsWith("upstream-closed"),
          rsp.header("weft-proxy-error"));
      // The proxy decides between a retry and the 502 at once, so the count is final here.
      assertEquals(1, up.accepted());
      assertEquals("/1", up.takeRequest().target());
      assertEquals("abc", up.takeRequest().bodyText());
    }
  }

  @Test
  void anUpstreamResponseWithConnectionCloseIsNotPooled() throws Exception {
    java.util.concurrent.CountDownLatch firstClosedByProxy =
        new java.util.concurrent.CountDownLatch(1);
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              conn.record(Http1Wire.readRequest(conn.in()));
              // Says it will close but leaves that to the proxy.
              conn.send(Http1Wire.response(200, "connection " + i, "Connection: close"));
              if (Http1Wire.readRequest(conn.in()) == null) {
                firstClosedByProxy.countDown();
              }
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message first = c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals("connection 0", first.bodyText());
      // The upstream's Connection header is about the upstream's connection, not the client's.
      assertEquals(null, first.header("connection"));
      assertTrue(
          firstClosedByProxy.await(10, TimeUnit.SECONDS),
          "the proxy kept a connection the upstream asked to close");
      assertEquals(
          "connection 1", c.send("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      assertEquals(2, up.accepted());
    }
  }

  @Test
  void aClientAskingToCloseLeavesTheUpstreamConnectionPooled() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) -> Http1Wire.response(200, "connection " + i));
        TestProxy proxy = TestProxy.start(up.address())) {
      try (RawClient c = RawClient.connect(proxy.address())) {
        Http1Message rsp =
            c.send("GET /1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").response();
        assertEquals("connection 0", rsp.bodyText());
        assertEquals("close", rsp.header("connection"));
        assertTrue(c.closedByPeer(), "the proxy kept a connection the client asked to close");
      }
      try (RawClient c = RawClient.connect(proxy.address())) {
        assertEquals(
            "connection 0", c.send("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      }
      assertEquals(1, up.accepted());
    }
  }

  private static double openUpstreamConnections(TestProxy proxy) {
    try {
      PromText m = proxy.scrape();
      return m.sum("tcp_open_connections", Map.of("peer", "dst"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

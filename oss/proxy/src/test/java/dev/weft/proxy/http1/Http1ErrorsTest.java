package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests the proxy cannot parse, and upstreams it cannot reach, get the proxy's own answers. */
class Http1ErrorsTest {

  static Stream<String> malformed() {
    return Stream.of(
        "GET /bad HTTP/1.1\r\nHost: h\r\nFoo Bar\r\n\r\n",
        "POST /bad HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n",
        "POST /bad HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST /bad HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "GET /bad HTTP/1.1\r\nHost: h\r\nBad\u0001Name: x\r\n\r\n",
        // Headers over the decoder's 64 KB bound.
        "GET /bad HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(70_000) + "\r\n\r\n");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedRequestGets400AndClosesOnlyItsConnection(String malformed) throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) -> Http1Wire.response(200, "ok " + req.target()));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient good = RawClient.connect(proxy.address());
        RawClient bad = RawClient.connect(proxy.address())) {
      assertEquals(
          "ok /before", good.send("GET /before HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());

      Http1Message rsp = bad.send(malformed).response();
      assertEquals(400, rsp.status());
      String error = rsp.header("weft-proxy-error");
      assertNotNull(error, "no weft-proxy-error header");
      assertTrue(error.startsWith("bad-request"), error);
      assertEquals("close", rsp.header("connection"));
      assertTrue(bad.closedByPeer(), "the connection of a malformed request stays open");

      // The other client's connection, open all along, is untouched.
      assertEquals(
          "ok /after", good.send("GET /after HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      assertEquals("/before", up.takeRequest().target());
      assertEquals("/after", up.takeRequest().target());
      assertEquals(0, up.pendingRequests(), "a malformed request reached the upstream");
    }
  }

  @Test
  void closedPortGets502NamingTheRefusal() throws Exception {
    InetSocketAddress nobody = freeAddress();
    try (TestProxy proxy = TestProxy.start(nobody);
        RawClient c = RawClient.connect(proxy.address())) {
      for (int i = 0; i < 2; i++) {
        // A failed connect does not spoil the client's connection: the second request gets the same
        // answer.
        Http1Message rsp = c.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n").response();
        assertEquals(502, rsp.status());
        String error = rsp.header("weft-proxy-error");
        assertNotNull(error);
        assertTrue(error.contains("connection refused"), error);
        assertTrue(error.contains(nobody.getPort() + ""), error);
        assertTrue(rsp.bodyText().contains("connection refused"), rsp.bodyText());
      }
    }
  }

  @Test
  void closedPortAnswersTheJdkClientToo() throws Exception {
    InetSocketAddress nobody = freeAddress();
    try (TestProxy proxy = TestProxy.start(nobody);
        var client =
            java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build()) {
      var rsp =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + proxy.port() + "/x"))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("payload"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(502, rsp.statusCode());
      assertTrue(
          rsp.headers()
              .firstValue("weft-proxy-error")
              .orElseThrow()
              .contains("connection refused"));
    }
  }

  @Test
  void upstreamThatClosesWithoutAnsweringGets502() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> conn.record(Http1Wire.readRequest(conn.in())));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET /silent HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(502, rsp.status());
      String error = rsp.header("weft-proxy-error");
      assertNotNull(error);
      assertTrue(error.startsWith("upstream-closed"), error);
      assertEquals("/silent", up.takeRequest().target());
      // A fresh connection that failed is not retried: that would send the request twice.
      assertEquals(1, up.accepted());
    }
  }

  @Test
  void upstreamThatClosesWithoutReadingGets502() throws Exception {
    try (RawUpstream up = RawUpstream.start((conn, i) -> conn.socket().close());
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(502, rsp.status());
      assertNotNull(rsp.header("weft-proxy-error"));
    }
  }

  @Test
  void upstreamThatAnswersGarbageGets502() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              Http1Wire.readRequest(conn.in());
              conn.send("SSH-2.0-OpenSSH_9.6\r\n\r\n");
              Http1Wire.readRequest(conn.in());
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(502, rsp.status());
      String error = rsp.header("weft-proxy-error");
      assertNotNull(error);
      assertTrue(error.startsWith("upstream-malformed"), error);
    }
  }

  /** A port nothing listens on: bound, then released. */
  private static InetSocketAddress freeAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }
}

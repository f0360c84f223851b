package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Framing cases written and read byte by byte on both sides of the proxy. */
class Http1RawSocketTest {

  @Test
  void chunkedBodiesStreamBothWaysWithTrailers() throws Exception {
    CountDownLatch upstreamGotFirstChunk = new CountDownLatch(1);
    CountDownLatch clientGotFirstChunk = new CountDownLatch(1);
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              Http1Message head = Http1Wire.readHead(conn.in());
              ByteArrayOutputStream body = new ByteArrayOutputStream();
              for (byte[] c; (c = Http1Wire.readChunk(conn.in())).length > 0; ) {
                body.write(c);
                if (body.size() == 5) {
                  upstreamGotFirstChunk.countDown();
                }
              }
              var trailers = Http1Wire.readFields(conn.in());
              conn.record(
                  new Http1Message(head.startLine(), head.headers(), body.toByteArray(), trailers));
              conn.send(
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n5\r\nhello\r\n");
              // The rest of the response waits until the client has seen the first chunk.
              if (!clientGotFirstChunk.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first response chunk did not reach the client");
              }
              conn.send("7\r\n, world\r\n0\r\nX-Checksum: 42\r\n\r\n");
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      c.send(
          "POST /chunks HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      // The upstream must get the first chunk before the client sends any more.
      assertTrue(
          upstreamGotFirstChunk.await(10, TimeUnit.SECONDS),
          "the first request chunk was not forwarded on its own");
      c.send("7\r\n, world\r\n0\r\nX-Req-Trailer: yes\r\n\r\n");

      Http1Message head = Http1Wire.readHead(c.in());
      assertEquals(200, head.status());
      assertEquals("chunked", head.header("transfer-encoding"));
      assertEquals("hello", new String(Http1Wire.readChunk(c.in())));
      clientGotFirstChunk.countDown();
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      for (byte[] chunk; (chunk = Http1Wire.readChunk(c.in())).length > 0; ) {
        rest.write(chunk);
      }
      assertEquals(", world", rest.toString());
      var trailers = Http1Wire.readFields(c.in());
      assertEquals(List.of(java.util.Map.entry("x-checksum", "42")), trailers);

      Http1Message seen = up.takeRequest();
      assertEquals("hello, world", seen.bodyText());
      assertEquals("yes", seen.trailer("x-req-trailer"));
      assertTrue(up.failures().isEmpty(), up.failures().toString());
    }
  }

  @Test
  void fixedLengthBodiesKeepTheirLength() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) -> Http1Wire.response(201, "got " + req.bodyText()));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp =
          c.send("PUT /fixed HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
              .response();
      assertEquals(201, rsp.status());
      assertEquals("15", rsp.header("content-length"));
      assertNull(rsp.header("transfer-encoding"));
      assertEquals("got hello world", rsp.bodyText());

      Http1Message seen = up.takeRequest();
      assertEquals("PUT /fixed HTTP/1.1", seen.startLine());
      assertEquals("11", seen.header("content-length"));
      assertNull(seen.header("transfer-encoding"));
      assertEquals("hello world", seen.bodyText());
    }
  }

  @Test
  void headRelaysNoBodyAndTheConnectionStaysUsable() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) ->
                req.method().equals("HEAD")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Head: yes\r\n\r\n"
                    : Http1Wire.response(200, "after head"));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message head = c.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n").headResponse();
      assertEquals(200, head.status());
      assertEquals("1000", head.header("content-length"));
      assertEquals("yes", head.header("x-head"));

      // Had the proxy waited for or relayed 1000 body bytes, this response would be lost or
      // garbled.
      Http1Message get = c.send("GET /g HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals(200, get.status());
      assertEquals("after head", get.bodyText());
      assertEquals(1, up.accepted());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) ->
                Http1Wire.response(200, "answer to " + req.target() + " " + req.bodyText()));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      c.send(
          "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
              + "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nTWO"
              + "GET /three HTTP/1.1\r\nHost: h\r\n\r\n");
      assertEquals("answer to /one ", c.response().bodyText());
      assertEquals("answer to /two TWO", c.response().bodyText());
      assertEquals("answer to /three ", c.response().bodyText());
      assertEquals("/one", up.takeRequest().target());
      assertEquals("/two", up.takeRequest().target());
      assertEquals("/three", up.takeRequest().target());
    }
  }

  @Test
  void expectContinueWaitsForTheUpstreamsHundred() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              Http1Message head = Http1Wire.readHead(conn.in());
              conn.record(head);
              conn.send("HTTP/1.1 100 Continue\r\n\r\n");
              String body = new String(conn.in().readNBytes(4));
              conn.send(Http1Wire.response(200, "got " + body));
              Http1Wire.readRequest(conn.in());
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      c.send("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      Http1Message interim = c.response();
      assertEquals(100, interim.status());
      assertEquals("100-continue", up.takeRequest().header("expect"));

      Http1Message rsp = c.send("body").response();
      assertEquals(200, rsp.status());
      assertEquals("got body", rsp.bodyText());
    }
  }

  @Test
  void http10ClientGetsACloseDelimitedBodyInsteadOfChunks() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) ->
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET /old HTTP/1.0\r\nHost: h\r\n\r\n").response();
      assertEquals(200, rsp.status());
      assertNull(rsp.header("transfer-encoding"), "an HTTP/1.0 client cannot read chunks");
      assertEquals("close", rsp.header("connection"));
      // readResponse read up to the end of the stream: the body ends where the proxy closed.
      assertEquals("hello world", rsp.bodyText());
    }
  }

  @Test
  void http10KeepAliveClientKeepsItsConnection() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) -> Http1Wire.response(200, "v" + req.target()));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message first = c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").response();
      assertEquals("v/a", first.bodyText());
      assertEquals("keep-alive", first.header("connection").toLowerCase());
      Http1Message second = c.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").response();
      assertEquals("v/b", second.bodyText());
    }
  }

  @Test
  void closeDelimitedUpstreamBodyIsChunkedForAnHttp11Client() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              Http1Wire.readRequest(conn.in());
              conn.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp = c.send("GET /eof HTTP/1.1\r\nHost: h\r\n\r\n").response();
      assertEquals("chunked", rsp.header("transfer-encoding"));
      assertEquals("until the end", rsp.bodyText());
      // The client's connection outlives the upstream's: the next request opens a new one.
      assertEquals(
          "until the end", c.send("GET /again HTTP/1.1\r\nHost: h\r\n\r\n").response().bodyText());
      assertEquals(2, up.accepted());
    }
  }

  @Test
  void aClientThatHalfClosesGetsItsAnswerThenTheEnd() throws Exception {
    try (RawUpstream up =
            RawUpstream.serving((req, i) -> Http1Wire.response(200, "answer " + req.target()));
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      c.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
      c.socket().shutdownOutput();
      assertEquals("answer /1", c.response().bodyText());
      assertEquals("answer /2", c.response().bodyText());
      assertTrue(c.closedByPeer(), "the proxy kept the connection after the client's last request");
    }
  }
}

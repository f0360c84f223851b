package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.proxy.TestProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests from the JDK's HTTP/1.1 client reach a JDK HttpServer upstream through the proxy
 * unchanged.
 */
class Http1ForwardingTest {
  /** What the upstream saw of one request. */
  record Seen(String method, URI uri, Headers headers, byte[] body) {}

  private static HttpServer upstream;
  private static TestProxy proxy;
  private static HttpClient client;
  private static final BlockingQueue<Seen> SEEN = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext("/", Http1ForwardingTest::handle);
    upstream.start();
    proxy = TestProxy.start(upstream.getAddress());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    proxy.close();
    upstream.stop(0);
  }

  private static void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    SEEN.add(new Seen(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), body));
    Headers rh = ex.getResponseHeaders();
    rh.add("X-Upstream", "one");
    rh.add("X-Multi", "a");
    rh.add("X-Multi", "b");
    rh.add("Content-Type", "application/octet-stream");
    byte[] out = ex.getRequestMethod().equals("POST") ? body : "hello, world".getBytes();
    ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 200 : 203, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + proxy.port() + pathAndQuery);
  }

  private static Seen seen() throws InterruptedException {
    Seen s = SEEN.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("the upstream saw no request");
    }
    return s;
  }

  @Test
  void getArrivesUnchangedBothWays() throws Exception {
    HttpResponse<String> rsp =
        client.send(
            HttpRequest.newBuilder(uri("/hello/world?q=1&r=two"))
                .header("X-Client", "c1")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(203, rsp.statusCode());
    assertEquals("hello, world", rsp.body());
    assertEquals(List.of("one"), rsp.headers().allValues("x-upstream"));
    assertEquals(List.of("a", "b"), rsp.headers().allValues("x-multi"));
    assertEquals(
        "application/octet-stream", rsp.headers().firstValue("content-type").orElseThrow());
    assertEquals("12", rsp.headers().firstValue("content-length").orElseThrow());

    Seen s = seen();
    assertEquals("GET", s.method());
    assertEquals("/hello/world?q=1&r=two", s.uri().toString());
    assertEquals("c1", s.headers().getFirst("X-Client"));
    assertEquals("127.0.0.1:" + proxy.port(), s.headers().getFirst("Host"));
    assertEquals(0, s.body().length);
  }

  @Test
  void postBodyReachesTheUpstreamAndTheEchoComesBack() throws Exception {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);

    HttpResponse<byte[]> rsp =
        client.send(
            HttpRequest.newBuilder(uri("/upload"))
                .header("Content-Type", "application/x-test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    Seen s = seen();
    assertEquals("POST", s.method());
    assertEquals("application/x-test", s.headers().getFirst("Content-Type"));
    assertEquals(sha256(body), sha256(s.body()));
    assertEquals(200, rsp.statusCode());
    assertArrayEquals(body, rsp.body());
  }

  @Test
  void postWithAStreamedBodyOfUnknownLengthArrivesWhole() throws Exception {
    // A publisher of unknown length makes the JDK client send chunks; the upstream gets the same
    // bytes.
    byte[] body = new byte[200_000];
    new Random(11).nextBytes(body);
    HttpResponse<byte[]> rsp =
        client.send(
            HttpRequest.newBuilder(uri("/stream"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    Seen s = seen();
    assertEquals("chunked", s.headers().getFirst("Transfer-Encoding"));
    assertArrayEquals(body, s.body());
    assertArrayEquals(body, rsp.body());
  }

  @Test
  void hopByHopHeadersStayBehindWhileTeTrailersGoesOn() throws Exception {
    HttpResponse<String> rsp =
        client.send(
            HttpRequest.newBuilder(uri("/hop"))
                .header("Keep-Alive", "timeout=5, max=100")
                .header("Proxy-Connection", "keep-alive")
                .header("TE", "trailers")
                .header("X-End-To-End", "kept")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(203, rsp.statusCode());

    Headers h = seen().headers();
    assertFalse(h.containsKey("Keep-Alive"), "Keep-Alive forwarded: " + h);
    assertFalse(h.containsKey("Proxy-Connection"), "Proxy-Connection forwarded: " + h);
    assertEquals("trailers", h.getFirst("TE"));
    assertEquals("kept", h.getFirst("X-End-To-End"));
  }

  @Test
  void headersNamedByConnectionStayBehind() throws Exception {
    // The JDK client may not set Connection itself, so this request is written by hand.
    try (RawClient c = RawClient.connect(proxy.address())) {
      Http1Message rsp =
          c.send(
                  "GET /conn HTTP/1.1\r\nHost: svc.test\r\n"
                      + "Connection: keep-alive, X-Hop-One,x-hop-two\r\nX-Hop-One: 1\r\nX-Hop-Two: 2\r\nX-Kept: 3\r\n"
                      + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n\r\n")
              .response();
      assertEquals(203, rsp.status());
      assertEquals("hello, world", rsp.bodyText());
    }
    Headers h = seen().headers();
    assertNull(h.getFirst("X-Hop-One"), "X-Hop-One forwarded: " + h);
    assertNull(h.getFirst("X-Hop-Two"), "X-Hop-Two forwarded: " + h);
    assertNull(h.getFirst("Keep-Alive"), "Keep-Alive forwarded: " + h);
    assertNull(h.getFirst("Proxy-Connection"), "Proxy-Connection forwarded: " + h);
    String connection = h.getFirst("Connection");
    assertFalse(
        connection != null && connection.toLowerCase().contains("x-hop"),
        "Connection forwarded: " + connection);
    assertEquals("3", h.getFirst("X-Kept"));
    assertEquals("trailers", h.getFirst("TE"));
    assertEquals("svc.test", h.getFirst("Host"));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}

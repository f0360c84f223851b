package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy never dies from what a peer sends: hundreds of connections sending garbage, broken
 * HTTP/1, broken HTTP/2 and abrupt resets, after which the proxy still serves a plain request,
 * still reports live, and holds no client connection open.
 */
class HostilePeersTest {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private HttpServer upstream;
  private TestProxy proxy;

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    // A short detect timeout so that silent and garbage connections are decided quickly.
    proxy =
        TestProxy.start(TestProxy.config(upstream.getAddress(), Duration.ofMillis(200), Set.of()));
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.stop(0);
  }

  @Test
  void survivesHostilePeersAndKeepsServing() throws Exception {
    Random random = new Random(20261122L); // fixed seed: a failure can be replayed
    for (int i = 0; i < 180; i++) {
      hostile(random, i % 9);
    }

    HttpResponse<String> rsp =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/after"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rsp.statusCode());
    assertEquals("ok\n", rsp.body());
    assertEquals(200, proxy.admin("/live").statusCode());
    assertEquals(200, proxy.admin("/ready").statusCode());

    // Every hostile connection was closed by one side or the other; none is left pinned.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    double open;
    do {
      open = proxy.scrape().sum("tcp_open_connections", Map.of("peer", "src"));
    } while (open > 1 && System.nanoTime() < deadline);
    assertTrue(open <= 1, "client connections still open: " + open);
  }

  /** One connection of the given kind: writes something hostile, reads what comes back. */
  private void hostile(Random random, int kind) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(3_000);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream msg = new ByteArrayOutputStream();
      switch (kind) {
        case 0 -> msg.write(bytes(random, 1 + random.nextInt(4096))); // noise
        case 1 -> { // a request line, then noise as headers
          msg.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
          msg.write(bytes(random, 1 + random.nextInt(512)));
        }
        case 2 -> { // the HTTP/2 preface, then noise as frames
          msg.write(PREFACE);
          msg.write(bytes(random, 1 + random.nextInt(512)));
        }
        case 3 -> { // a valid SETTINGS frame, then HEADERS whose HPACK block is noise
          msg.write(PREFACE);
          msg.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
          int len = 1 + random.nextInt(200);
          msg.write(new byte[] {0, 0, (byte) len, 1, 5, 0, 0, 0, 1});
          msg.write(bytes(random, len));
        }
        case 4 -> // a request cut off in its headers
            msg.write(
                "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nX-Half: "
                    .getBytes(StandardCharsets.US_ASCII));
        case 5 -> { // a header block far over the limit
          msg.write("GET / HTTP/1.1\r\nX-Big: ".getBytes(StandardCharsets.US_ASCII));
          msg.write("a".repeat(80 * 1024).getBytes(StandardCharsets.US_ASCII));
          msg.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        case 6 -> // a chunked body with a broken chunk size
            msg.write(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        case 8 -> // headers, then a body cut short by the client's half-close
            msg.write(
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nshort"
                    .getBytes(StandardCharsets.US_ASCII));
        default -> { // a valid request, then an abrupt reset instead of a close
          msg.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          s.setSoLinger(true, 0);
        }
      }
      try {
        out.write(msg.toByteArray());
        out.flush();
        if (kind == 0 || kind == 7) {
          // Noise is relayed as opaque TCP to an upstream that may wait for more, and a reset
          // leaves mid-exchange by design: nothing to read back, so just leave.
          return;
        }
        s.shutdownOutput();
        // Whatever it was, the proxy answers (or not) and closes: none of these can go on.
        assertTrue(endsInClose(s.getInputStream()), "kind " + kind + ": connection left open");
      } catch (IOException e) {
        // The proxy may reset a hostile connection at any point: that is a close too.
      }
    }
  }

  /** Reads to the end; true when the proxy closed, false when nothing came for 3 s. */
  private static boolean endsInClose(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}

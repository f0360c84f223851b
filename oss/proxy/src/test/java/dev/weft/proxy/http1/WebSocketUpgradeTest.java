package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a 101 the proxy relays bytes both ways, whatever protocol they speak. */
class WebSocketUpgradeTest {

  /** Collects whole messages, text as String and binary as byte[]. */
  static final class Collector implements WebSocket.Listener {
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.writeBytes(b);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    Object next() throws InterruptedException {
      Object m = messages.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "no message came back");
      return m;
    }
  }

  @Test
  void jdkWebSocketTalksToANettyEchoServerThroughTheProxy() throws Exception {
    try (WebSocketEchoServer echo = new WebSocketEchoServer();
        TestProxy proxy = TestProxy.start(echo.address());
        HttpClient client = HttpClient.newHttpClient()) {
      Collector c = new Collector();
      WebSocket ws =
          client
              .newWebSocketBuilder()
              .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), c)
              .get(10, TimeUnit.SECONDS);

      ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
      assertEquals("echo: hello", c.next());

      byte[] big = new byte[300_000];
      new Random(3).nextBytes(big);
      ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
      assertArrayEquals(big, (byte[]) c.next());

      ws.sendText("bye", true).get(10, TimeUnit.SECONDS);
      assertEquals("echo: bye", c.next());

      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
      assertEquals(WebSocket.NORMAL_CLOSURE, c.closed.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void bytesAfterA101AreRelayedRawBothWays() throws Exception {
    try (RawUpstream up =
            RawUpstream.start((conn, i) -> {
              Http1Message req = Http1Wire.readHead(conn.in());
              conn.record(req);
              // The upstream speaks first, in the same write as its 101.
              conn.send(
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x-shout\r\nConnection: Upgrade\r\n\r\nserver-first|");
              byte[] buf = new byte[4096];
              for (int n; (n = conn.in().read(buf)) > 0; ) {
                conn.out()
                    .write(
                        new String(buf, 0, n, StandardCharsets.ISO_8859_1)
                            .toUpperCase()
                            .getBytes(StandardCharsets.ISO_8859_1));
                conn.out().flush();
              }
              conn.send("|upstream-done");
            });
        TestProxy proxy = TestProxy.start(up.address());
        RawClient c = RawClient.connect(proxy.address())) {
      c.send("GET /shout HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: x-shout\r\n\r\n");
      Http1Message rsp = Http1Wire.readHead(c.in());
      assertEquals(101, rsp.status());
      assertEquals("x-shout", rsp.header("upgrade"));
      assertTrue(rsp.header("connection").equalsIgnoreCase("upgrade"), rsp.header("connection"));

      Http1Message seen = up.takeRequest();
      assertEquals("x-shout", seen.header("upgrade"));
      assertTrue(
          seen.header("connection").toLowerCase().contains("upgrade"), seen.header("connection"));

      assertEquals("server-first|", read(c, "server-first|".length()));
      c.send("ping");
      assertEquals("PING", read(c, 4));
      // Bytes that look like HTTP must pass as bytes: no HTTP codec is left on either side.
      String http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
      c.send(http);
      assertEquals(http.toUpperCase(), read(c, http.length()));

      // Half-close: the client's end of stream reaches the upstream, and the upstream's last words
      // come back.
      c.socket().shutdownOutput();
      assertEquals(
          "|upstream-done", new String(c.in().readAllBytes(), StandardCharsets.ISO_8859_1));
      assertTrue(up.failures().isEmpty(), up.failures().toString());
    }
  }

  private static String read(RawClient c, int n) throws Exception {
    byte[] b = c.in().readNBytes(n);
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}

package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.Target;
import dev.weft.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Opaque TCP across the mesh: a protocol that is not HTTP rides its own mTLS connection between the
 * proxies (no ALPN, detected again inside the tunnel), half-close included.
 */
class MeshOpaqueTest {
  private static final int SIZE = 512 * 1024;

  @Test
  void binaryProtocolAndHalfCloseCrossTheMesh() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        GreetingApp app = new GreetingApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());
      TestProxy web = mesh.outbound(id("web"), books, id("books"));

      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int seed = i;
        clients.add(
            CompletableFuture.runAsync(() -> GreetingApp.converse(web.address(), seed, SIZE)));
      }
      for (CompletableFuture<Void> c : clients) {
        c.get(30, TimeUnit.SECONDS);
      }
      assertEquals(List.of(), app.errors);

      Map<String, String> out =
          Map.of("direction", "outbound", "tls", "true", "server_id", id("books"), "peer", "dst");
      Map<String, String> in =
          Map.of("direction", "inbound", "tls", "true", "client_id", id("web"), "peer", "src");
      PromText w = closed(web, out, 3);
      PromText b = closed(books, in, 3);
      assertEquals(3, w.sum("tcp_open_total", out), () -> "a tunnel per connection:\n" + w.text());
      assertEquals(3, b.sum("tcp_open_total", in), b.text());
      assertEquals(3, b.sum("tcp_close_total", with(in, "classification", "success")), b.text());
      // Every byte crossed the tunnel encrypted: the mTLS side carried more than the payload.
      assertTrue(b.sum("tcp_read_bytes_total", in) > 3 * SIZE, b.text());
      assertEquals(
          0,
          b.sum("tcp_open_total", Map.of("peer", "src", "tls", "no_identity")),
          () -> "nothing reached the inbound proxy in plaintext:\n" + b.text());
      Map<String, String> toApp = Map.of("direction", "inbound", "peer", "dst");
      assertEquals(
          3.0 * (GreetingApp.HELLO.length + SIZE), b.sum("tcp_write_bytes_total", toApp), b.text());
      assertEquals(3.0 * (GreetingApp.WELCOME.length + 16), b.sum("tcp_read_bytes_total", toApp));
    }
  }

  @Test
  void inboundOpaquePortStillTerminatesMutualTls() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        GreetingApp app = new GreetingApp()) {
      TestProxy books =
          mesh.proxy(
              id("books"),
              "inbound",
              new Target(app.address(), null),
              Map.of(),
              Set.of(app.address().getPort()));
      TestProxy web = mesh.outbound(id("web"), books, id("books"));

      GreetingApp.converse(web.address(), 7, SIZE);
      // A plaintext client of the opaque port is still relayed, unmeshed.
      GreetingApp.converse(books.address(), 8, SIZE);
      assertEquals(List.of(), app.errors);

      Map<String, String> in =
          Map.of("direction", "inbound", "tls", "true", "client_id", id("web"), "peer", "src");
      PromText b = closed(books, in, 1);
      assertEquals(1, b.sum("tcp_open_total", in), b.text());
      assertEquals(
          1, b.sum("tcp_open_total", Map.of("peer", "src", "tls", "no_identity")), b.text());
      assertEquals(
          1,
          web.scrape()
              .sum(
                  "tcp_open_total",
                  Map.of("peer", "dst", "tls", "true", "server_id", id("books"))));
    }
  }

  /** Waits until {@code count} connections matching {@code labels} have been closed. */
  private static PromText closed(TestProxy proxy, Map<String, String> labels, int count)
      throws Exception {
    PromText[] last = new PromText[1];
    Await.until(
        Duration.ofSeconds(10),
        () -> (last[0] = proxy.scrape()).sum("tcp_close_total", labels) >= count,
        () -> count + " closed connections " + labels + " in\n" + last[0].text());
    return last[0];
  }

  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    Map<String, String> m = new HashMap<>(base);
    m.put(k, v);
    return m;
  }
}

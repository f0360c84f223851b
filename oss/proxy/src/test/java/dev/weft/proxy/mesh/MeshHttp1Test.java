package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/1.1 client and application with two proxies between them: the hop between the proxies is
 * mutual TLS and HTTP/2, and both ends see plain HTTP/1.1.
 */
class MeshHttp1Test {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void http1RequestsCrossTheMeshOverMutualTls() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());
      TestProxy web = mesh.outbound(id("web"), books, id("books"));

      HttpResponse<String> get = send(web, HttpRequest.newBuilder(uri(web, "/books")).GET());
      assertEquals(200, get.statusCode());
      assertEquals("GET /books 0", get.body());
      assertEquals("yes", get.headers().firstValue("x-app").orElse(null));

      String body = "x".repeat(100_000);
      HttpResponse<String> post =
          send(
              web,
              HttpRequest.newBuilder(uri(web, "/books"))
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      assertEquals("POST /books 100000", post.body());

      HttpApp.Seen seen = app.seen.poll(5, TimeUnit.SECONDS);
      assertTrue(seen != null && seen.method().equals("GET"));
      for (String h : seen.headers().keySet()) {
        String name = h.toLowerCase(java.util.Locale.ROOT);
        assertFalse(
            name.startsWith("x-http2-") || name.equals("weft-orig-proto"),
            "the application sees no trace of the HTTP/2 hop: " + h);
      }

      PromText out = web.scrape();
      assertEquals(
          2.0,
          out.sum(
              "response_total",
              Map.of(
                  "direction",
                  "outbound",
                  "tls",
                  "true",
                  "server_id",
                  id("books"),
                  "status_code",
                  "200")));
      PromText in = books.scrape();
      assertEquals(
          2.0,
          in.sum(
              "response_total",
              Map.of("direction", "inbound", "tls", "true", "client_id", id("web"))));
      assertEquals(
          1.0,
          in.sum("tcp_open_total", Map.of("peer", "src", "tls", "true", "client_id", id("web"))),
          () -> "both requests rode one multiplexed mTLS connection:\n" + in.text());
    }
  }

  @Test
  void plaintextClientsOfAMeshedProxyStillGetThrough() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());

      HttpResponse<String> rsp = send(books, HttpRequest.newBuilder(uri(books, "/plain")).GET());
      assertEquals("GET /plain 0", rsp.body());
      assertEquals(
          1.0,
          books.scrape().sum("response_total", Map.of("tls", "no_identity", "status_code", "200")));
    }
  }

  private static URI uri(TestProxy p, String path) {
    return URI.create("http://127.0.0.1:" + p.port() + path);
  }

  private static HttpResponse<String> send(TestProxy p, HttpRequest.Builder b) throws Exception {
    return CLIENT.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.weft.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private HttpServer upstream;
  private TestProxy proxy;

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = "hello\n".getBytes(StandardCharsets.US_ASCII);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    proxy = TestProxy.start(upstream.getAddress());
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private HttpResponse<String> admin(String method, String path)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + proxy.adminAddress().getPort() + path);
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static void await(Duration bound, BooleanSupplier condition, String what) {
    Await.until(bound, what, condition);
  }

  @Test
  void readyAndLiveOnceStarted() throws Exception {
    assertTrue(proxy.proxy().isReady());
    HttpResponse<String> ready = admin("GET", "/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("ready\n", ready.body());
    assertEquals(
        200, admin("GET", "/ready?verbose=1").statusCode(), "the query is not part of the path");
    assertEquals(200, admin("HEAD", "/ready").statusCode());
    HttpResponse<String> live = admin("GET", "/live");
    assertEquals(200, live.statusCode());
    assertEquals("live\n", live.body());
  }

  @Test
  void metricsAfterTrafficUseLinkerdNames() throws Exception {
    URI through = URI.create("http://127.0.0.1:" + proxy.port() + "/hello");
    HttpResponse<String> rsp =
        CLIENT.send(
            HttpRequest.newBuilder(through).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rsp.statusCode());
    assertEquals("hello\n", rsp.body());

    String target = "127.0.0.1:" + upstream.getAddress().getPort();
    Map<String, String> route =
        Map.of("direction", "inbound", "target_addr", target, "tls", "no_identity");
    await(
        Duration.ofSeconds(10),
        () -> {
          try {
            return proxy.scrape().sum("response_total", route) == 1;
          } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
          }
        },
        "the response is counted");

    HttpResponse<String> metrics = admin("GET", "/metrics");
    assertEquals(200, metrics.statusCode());
    String type = metrics.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith("text/plain"), type);
    PromText m = new PromText(metrics.body());
    assertEquals(
        1,
        m.sum(
            "request_total",
            Map.of(
                "direction",
                "inbound",
                "target_addr",
                target,
                "tls",
                "no_identity",
                "authority",
                "127.0.0.1:" + proxy.port())));
    assertEquals(
        1,
        m.sum(
            "response_total",
            Map.of("status_code", "200", "classification", "success", "grpc_status", "")));
    assertEquals(
        1,
        m.sum("response_latency_ms_count", Map.of("direction", "inbound", "status_code", "200")));
    assertTrue(m.has("response_latency_ms_bucket"), "latency is a histogram");
    assertTrue(m.sum("response_latency_ms_bucket", Map.of("le", "50000.0")) >= 1, m.text());
    for (String peer : new String[] {"src", "dst"}) {
      Map<String, String> tcp =
          Map.of("direction", "inbound", "target_addr", target, "tls", "no_identity", "peer", peer);
      assertEquals(1, m.sum("tcp_open_total", tcp), peer);
      assertEquals(1, m.sum("tcp_open_connections", tcp), peer + " is kept alive");
      assertTrue(m.sum("tcp_read_bytes_total", tcp) > 0, peer);
      assertTrue(m.sum("tcp_write_bytes_total", tcp) > 0, peer);
      assertTrue(m.has("tcp_close_total"), peer);
    }
  }

  @Test
  void unknownPathIs404() throws Exception {
    HttpResponse<String> rsp = admin("GET", "/nope");
    assertEquals(404, rsp.statusCode());
    assertTrue(rsp.body().contains("/metrics"), "points at what exists");
  }

  @Test
  void shutdownIsPostOnly() throws Exception {
    HttpResponse<String> rsp = admin("GET", "/shutdown");
    assertEquals(405, rsp.statusCode());
    assertEquals("POST", rsp.headers().firstValue("Allow").orElse(""));
    // Refusing the method must not have started a shutdown.
    assertEquals(200, admin("GET", "/ready").statusCode());
    assertTrue(proxy.proxy().isReady());
  }

  @Test
  void readOnlyEndpointsRejectOtherMethods() throws Exception {
    for (String path : new String[] {"/metrics", "/ready", "/live"}) {
      HttpResponse<String> rsp = admin("POST", path);
      assertEquals(405, rsp.statusCode(), path);
      assertEquals("GET", rsp.headers().firstValue("Allow").orElse(""), path);
    }
  }
}

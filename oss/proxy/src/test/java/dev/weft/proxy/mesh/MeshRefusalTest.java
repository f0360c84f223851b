package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.tls.MeshTrustManager;
import dev.weft.proxy.tls.TestCa;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsEcho;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Peers the mesh must refuse, on both sides, and how each refusal is counted; and TLS that is not
 * for the proxy, which it must leave alone.
 */
class MeshRefusalTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String REQUEST = "GET /secret HTTP/1.1\r\nHost: books\r\n\r\n";

  @Test
  void peerFromAnotherRootIsRefusedWith502() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        MeshFixture elsewhere = new MeshFixture(TestCa.create("elsewhere"));
        HttpApp app = new HttpApp()) {
      TestProxy books = elsewhere.inbound(id("books"), app.address());
      TestProxy web = mesh.outbound(id("web"), books, id("books"));

      HttpResponse<String> rsp = get(web);
      assertEquals(502, rsp.statusCode());
      String error = rsp.headers().firstValue("weft-proxy-error").orElse("");
      assertTrue(error.contains("untrusted"), error);
      assertEquals(1, failures(web, "outbound", "untrusted"));
      // The alert tells the refused side why, as well as an alert can.
      assertEquals(1, failures(books, "inbound", "untrusted"));
      assertTrue(app.seen.isEmpty(), "nothing reached the application");
    }
  }

  @Test
  void peerNamingAnotherIdentityIsRefusedWith502() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        TlsEcho authors = meshServer(mesh, id("authors"))) {
      // Whoever listens at the address books was expected at holds a valid mesh certificate, but
      // for authors.
      TestProxy web = mesh.proxy(id("web"), "outbound", new Target(authors.address(), id("books")));

      HttpResponse<String> rsp = get(web);
      assertEquals(502, rsp.statusCode());
      String error = rsp.headers().firstValue("weft-proxy-error").orElse("");
      assertTrue(error.contains("identity_mismatch"), error);
      assertTrue(error.contains(id("authors")), error);
      assertEquals(1, failures(web, "outbound", "identity_mismatch"));
      assertTrue(authors.nextAccepted().failure() != null, "the client's alert ended it");
    }
  }

  @Test
  void proxyExpectedUnderAnotherNameDoesNotOpenTheTunnel() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());
      // A ClientHello for authors is not books' to open: books relays it to its application, which
      // cannot answer it, so the handshake fails without a certificate to compare.
      TestProxy web = mesh.proxy(id("web"), "outbound", new Target(books.address(), id("authors")));

      HttpResponse<String> rsp = get(web);
      assertEquals(502, rsp.statusCode());
      assertTrue(rsp.headers().firstValue("weft-proxy-error").orElse("").contains("mTLS"));
      assertEquals(1, web.scrape().sum("tls_handshake_failures_total"));
      assertEquals(0, books.scrape().sum("tcp_open_total", Map.of("tls", "true")));
      assertTrue(app.seen.isEmpty(), "no request reached the application");
    }
  }

  @Test
  void inboundRefusesClientsThatProveNoMeshIdentity() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());
      String booksId = id("books");

      TlsClient.Outcome expired =
          TlsClient.of(mesh.ca.expiredLeaf(id("web")), mesh.ca)
              .exchange(books.address(), booksId, REQUEST);
      refused(expired, booksId);
      await(books, "expired");

      TlsClient.Outcome anonymous =
          TlsClient.anonymous(mesh.ca).exchange(books.address(), booksId, REQUEST);
      refused(anonymous, booksId);
      await(books, "no_client_certificate");

      TestCa other = TestCa.create("other");
      TlsClient.Outcome foreign =
          TlsClient.of(other.leaf(id("web")), mesh.ca).exchange(books.address(), booksId, REQUEST);
      refused(foreign, booksId);
      await(books, "untrusted");

      // The same kind of client with a current certificate of this mesh gets through.
      TlsClient.Outcome member =
          TlsClient.of(mesh.ca.leaf(id("web")), mesh.ca)
              .exchange(books.address(), booksId, REQUEST);
      assertTrue(member.answered(), () -> "a mesh member is answered: " + member);
      assertTrue(member.reply().startsWith("HTTP/1.1 200"), member.reply());

      PromText m = books.scrape();
      assertEquals(3, m.sum("tls_handshake_failures_total"), m.text());
      assertEquals(
          1, m.sum("request_total", Map.of("tls", "true", "client_id", id("web"))), m.text());
      assertEquals(1, app.seen.size(), "only the member's request reached the application");
    }
  }

  @Test
  void clientThatLeavesMidHandshakeIsCountedAsClosed() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());

      try (Socket s = new Socket()) {
        s.connect(books.address(), 10_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(TlsClient.clientHello(id("books")));
        assertEquals(22, s.getInputStream().read(), "the proxy answered with a handshake record");
      }
      await(books, "closed");
      assertTrue(app.seen.isEmpty());
    }
  }

  @Test
  void tlsForAnotherNameIsRelayedUntouched() throws Exception {
    TestCa appCa = TestCa.create("legacy");
    String appName = "legacy.shop.internal";
    TestCa.Leaf appLeaf = appCa.leaf(appName);
    SimpleMeterRegistry appRegistry = new SimpleMeterRegistry();
    try (MeshFixture mesh = new MeshFixture();
        TlsEcho app =
            new TlsEcho(
                TlsContexts.create(
                        appLeaf.key(),
                        appLeaf.chain(),
                        new MeshTrustManager(appCa::roots, Clock.systemUTC()))
                    .server(),
                new TlsMetrics(appRegistry),
                10_000)) {
      TestProxy books = mesh.inbound(id("books"), app.address());

      TlsClient.Outcome o =
          TlsClient.of(appCa.leaf("client.shop.internal"), appCa)
              .exchange(books.address(), appName, "ping");
      assertNull(o.handshakeFailure(), () -> "the application's own TLS works: " + o);
      assertEquals(appName, o.serverIdentity(), "the application, not the proxy, answered");
      assertEquals("ping", o.reply());
      TlsEcho.Accepted seen = app.nextAccepted();
      assertEquals(List.of(appName), seen.sni(), "the ClientHello arrived unchanged");
      assertEquals("client.shop.internal", seen.peerIdentity());

      PromText m = books.scrape();
      assertEquals(0, m.sum("tls_handshake_failures_total"), m.text());
      assertEquals(
          1, m.sum("tcp_open_total", Map.of("peer", "src", "tls", "no_identity")), m.text());
      assertEquals(0, m.sum("tcp_open_total", Map.of("peer", "src", "tls", "true")), m.text());
    }
  }

  /** A TLS server holding a valid mesh certificate for {@code identity}, whatever SNI it gets. */
  private static TlsEcho meshServer(MeshFixture mesh, String identity) throws Exception {
    TestCa.Leaf leaf = mesh.ca.leaf(identity);
    return new TlsEcho(
        TlsContexts.create(
                leaf.key(), leaf.chain(), new MeshTrustManager(mesh.ca::roots, Clock.systemUTC()))
            .server(),
        new TlsMetrics(new SimpleMeterRegistry()),
        10_000);
  }

  /** The handshake may complete (TLS 1.3: the client finishes first), but no answer comes. */
  private static void refused(TlsClient.Outcome o, String server) {
    assertFalse(o.answered(), () -> "refused: " + o);
    if (o.handshakeFailure() == null) {
      assertEquals(server, o.serverIdentity(), "it was the proxy that refused");
    }
  }

  private static void await(TestProxy proxy, String reason) throws Exception {
    PromText[] last = new PromText[1];
    Await.until(
        Duration.ofSeconds(10),
        () -> failures(last, proxy, "inbound", reason) == 1,
        () -> "one inbound failure " + reason + " in\n" + last[0].text());
  }

  private static double failures(TestProxy proxy, String direction, String reason)
      throws Exception {
    return failures(new PromText[1], proxy, direction, reason);
  }

  private static double failures(PromText[] last, TestProxy proxy, String direction, String reason)
      throws Exception {
    last[0] = proxy.scrape();
    return last[0].sum(
        "tls_handshake_failures_total", Map.of("direction", direction, "reason", reason));
  }

  private static HttpResponse<String> get(TestProxy p) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/books"))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

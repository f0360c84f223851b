package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.tls.TestCa;
import dev.weft.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The documented root rotation, under steady load: add the new root to the bundle, move the issuer
 * to it (leaves renew onto it), drop the old root. Not one request or tunnel may fail; afterwards
 * new handshakes work, and a proxy still holding a certificate of the old root is refused.
 */
class RootRotationTest {
  private static final Duration LIFETIME = Duration.ofSeconds(8);
  private static final Duration BOUND = Duration.ofSeconds(40);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void rootRotatesUnderLoadWithoutAFailure() throws Exception {
    TestCa oldCa = TestCa.create("mesh-2025");
    TestCa newCa = TestCa.create("mesh-2026");
    try (MeshFixture mesh = new MeshFixture(oldCa);
        HttpApp app = new HttpApp();
        GreetingApp tcpApp = new GreetingApp()) {
      mesh.certify.lifetime = LIFETIME;
      TestProxy books = mesh.inbound(id("books"), app.address());
      TestProxy store = mesh.inbound(id("store"), tcpApp.address());
      TestProxy web =
          mesh.proxy(
              id("web"),
              "outbound",
              new Target(store.address(), id("store")),
              Map.of("books", new Target(books.address(), id("books"))),
              Set.of());
      List<TestProxy> proxies = List.of(web, books, store);

      SteadyLoad load = new SteadyLoad(web.address(), "books", 2, 1);
      try {
        load.awaitProgress(5, BOUND);

        // Phase 1: every proxy trusts both roots before any leaf chains to the new one.
        mesh.writeBundle(oldCa.root(), newCa.root());
        awaitAll(proxies, "2 trust anchors", p -> anchors(p) == 2);
        load.awaitProgress(5, BOUND);

        // Phase 2: the control plane signs with the new issuer; leaves move as they renew.
        mesh.certify.useCa(newCa);
        awaitAll(proxies, "a leaf of the new issuer", p -> issuer(p).equals(newCa.issuer()));
        load.awaitProgress(5, BOUND);

        // Phase 3: nothing chains to the old root any more; it leaves the bundle.
        mesh.writeBundle(newCa.root());
        awaitAll(proxies, "1 trust anchor", p -> anchors(p) == 1);
        load.awaitProgress(5, BOUND);
      } finally {
        load.close();
      }
      assertEquals(List.of(), load.failures(), "no attempt failed: " + load);
      assertEquals(List.of(), tcpApp.errors);
      for (TestProxy p : proxies) {
        PromText m = p.scrape();
        assertEquals(0, m.sum("tls_handshake_failures_total"), m.text());
        assertEquals(
            List.of(newCa.root()), p.proxy().identity().trustAnchors(), "only the new root");
      }

      // A proxy started now has only ever known the new root, and reaches books.
      TestProxy fresh = mesh.outbound(id("fresh"), books, id("books"));
      assertEquals(newCa.issuer(), issuer(fresh));
      HttpResponse<String> ok = get(fresh);
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals("GET /after 0", ok.body());

      // A proxy whose certificate still chains to the dropped root is refused, though it trusts
      // both roots and so would accept books.
      try (MeshFixture legacy = new MeshFixture(oldCa)) {
        legacy.writeBundle(oldCa.root(), newCa.root());
        TestProxy stale = legacy.outbound(id("stale"), books, id("books"));
        assertEquals(oldCa.issuer(), issuer(stale));
        HttpResponse<String> refused = get(stale);
        assertEquals(502, refused.statusCode());
        assertTrue(refused.headers().firstValue("weft-proxy-error").isPresent());
        PromText[] last = new PromText[1];
        Await.until(
            Duration.ofSeconds(10),
            () ->
                (last[0] = books.scrape())
                        .sum(
                            "tls_handshake_failures_total",
                            Map.of("direction", "inbound", "reason", "untrusted"))
                    == 1,
            () -> "books counted the stale proxy as untrusted:\n" + last[0].text());
      }
    }
  }

  private static double anchors(TestProxy p) throws Exception {
    return p.scrape().sum("identity_trust_anchors");
  }

  /** The issuer certificate the proxy presents with its leaf. */
  private static X509Certificate issuer(TestProxy p) {
    return p.proxy().identity().chain().get(1);
  }

  private interface Check {
    boolean holds(TestProxy p) throws Exception;
  }

  private static void awaitAll(List<TestProxy> proxies, String what, Check check) throws Exception {
    for (TestProxy p : proxies) {
      Await.until(BOUND, () -> check.holds(p), () -> p.proxy().identity().name() + ": " + what);
    }
  }

  private static HttpResponse<String> get(TestProxy p) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/after"))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.Target;
import dev.weft.testkit.Await;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Certificates that live a few seconds, renewed again and again while traffic flows through three
 * proxies: no request or tunnel may fail, and new handshakes keep working after the first
 * certificates have expired.
 */
class RenewalUnderLoadTest {
  private static final Duration LIFETIME = Duration.ofSeconds(8);

  @Test
  void certificatesRenewUnderLoadWithoutAFailure() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp();
        GreetingApp tcpApp = new GreetingApp()) {
      mesh.certify.lifetime = LIFETIME;
      TestProxy books = mesh.inbound(id("books"), app.address());
      TestProxy store = mesh.inbound(id("store"), tcpApp.address());
      // HTTP for books by its authority; anything else (the opaque tunnels) to store.
      TestProxy web =
          mesh.proxy(
              id("web"),
              "outbound",
              new Target(store.address(), id("store")),
              Map.of("books", new Target(books.address(), id("books"))),
              Set.of());
      List<TestProxy> proxies = List.of(web, books, store);
      List<X509Certificate> first = proxies.stream().map(RenewalUnderLoadTest::leaf).toList();
      Instant firstExpiry =
          first.stream().map(c -> c.getNotAfter().toInstant()).max(Instant::compareTo).get();

      SteadyLoad load = new SteadyLoad(web.address(), "books", 2, 1);
      try {
        load.awaitProgress(5, Duration.ofSeconds(30));
        for (int renewals = 1; renewals <= 2; renewals++) {
          for (TestProxy p : proxies) {
            awaitRefreshes(p, renewals + 1);
          }
          load.awaitProgress(5, Duration.ofSeconds(30));
        }
        // Every certificate the proxies started with is past its end now: only renewed ones can
        // complete the handshakes of the tunnels opened from here on.
        Await.until(
            LIFETIME.multipliedBy(2),
            "the first certificates expired",
            () -> Instant.now().isAfter(firstExpiry));
        load.awaitProgress(5, Duration.ofSeconds(30));
      } finally {
        load.close();
      }

      assertEquals(List.of(), load.failures(), "no attempt failed: " + load);
      assertEquals(List.of(), tcpApp.errors);
      for (int i = 0; i < proxies.size(); i++) {
        TestProxy p = proxies.get(i);
        X509Certificate now = leaf(p);
        assertTrue(
            now.getNotAfter().after(first.get(i).getNotAfter()),
            "the leaf in use was renewed: " + now.getNotAfter());
        PromText m = p.scrape();
        assertEquals(0, m.sum("identity_cert_refresh_total", Map.of("result", "error")), m.text());
        assertEquals(
            now.getNotAfter().toInstant().getEpochSecond(),
            m.sum("identity_cert_expiration_timestamp_seconds"),
            "the expiry gauge follows the renewed certificate");
        assertEquals(0, m.sum("tls_handshake_failures_total"), m.text());
      }
      PromText w = web.scrape();
      assertTrue(
          w.sum("tcp_open_total", Map.of("peer", "dst", "server_id", id("store"))) >= 10,
          () -> "tunnels kept opening with fresh handshakes:\n" + w.text());
    }
  }

  private static X509Certificate leaf(TestProxy p) {
    return p.proxy().identity().chain().getFirst();
  }

  private static void awaitRefreshes(TestProxy p, int count) throws Exception {
    String name = p.proxy().identity().name();
    PromText[] last = new PromText[1];
    Await.until(
        LIFETIME.multipliedBy(3),
        () ->
            (last[0] = p.scrape()).sum("identity_cert_refresh_total", Map.of("result", "ok"))
                >= count,
        () -> name + ": " + count + " certifications in\n" + last[0].text());
  }
}

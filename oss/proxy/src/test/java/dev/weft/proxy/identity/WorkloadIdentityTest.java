package dev.weft.proxy.identity;

import static dev.weft.proxy.identity.IdentityFixture.NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.tls.PeerIdentity;
import dev.weft.proxy.tls.TlsEcho;
import dev.weft.proxy.tls.TlsMetrics;
import dev.weft.testkit.Await;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certification at start: what is sent, when the identity becomes ready, what it then holds. */
class WorkloadIdentityTest {
  @TempDir Path dir;
  private IdentityFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new IdentityFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void becomesReadyAfterCertifyAndNotBefore() {
    WorkloadIdentity identity = f.start();

    // start() only schedules: nothing has been asked of the control plane yet.
    assertFalse(identity.ready());
    assertNull(identity.contexts());
    assertEquals(List.of(), identity.chain());
    assertEquals(0, f.server.requests.size());
    assertEquals(0, f.metric("identity_cert_expiration_timestamp_seconds"));
    assertEquals(1, f.metric("identity_trust_anchors"));

    f.scheduler.runDue();

    assertTrue(identity.ready());
    assertNotNull(identity.contexts());
    List<X509Certificate> chain = identity.chain();
    assertEquals(2, chain.size());
    assertEquals(NAME, PeerIdentity.dnsName(chain.getFirst()));
    assertEquals(identity.publicKey(), chain.getFirst().getPublicKey());
    assertEquals(f.ca.issuer(), chain.get(1));
    assertEquals(List.of(f.ca.root()), identity.trustAnchors());
    assertEquals(
        chain.getFirst().getNotAfter().toInstant().getEpochSecond(),
        f.metric("identity_cert_expiration_timestamp_seconds"));
    assertEquals(1, f.metric("identity_cert_refresh_total", Map.of("result", "ok")));
    assertEquals(0, f.metric("identity_cert_refresh_total", Map.of("result", "error")));
  }

  @Test
  void theCsrNamesTheIdentityAndTheTokenIsSent() {
    f.start();
    f.scheduler.runDue();

    TestCertifyServer.Seen seen = f.server.requests.getFirst();
    assertEquals(NAME, seen.identity());
    assertEquals("token-1", seen.token()); // without the file's trailing newline
    assertEquals(NAME, seen.csrCommonName());
    assertEquals(List.of(NAME), seen.csrDnsNames());
  }

  @Test
  void aRefusalIsCountedAndRetried() {
    f.server.refuse = Status.PERMISSION_DENIED.withDescription("token proves another");
    WorkloadIdentity identity = f.start();
    f.scheduler.runDue();

    assertFalse(identity.ready());
    assertEquals(1, f.metric("identity_cert_refresh_total", Map.of("result", "error")));

    f.server.refuse = null;
    f.scheduler.advance(Duration.ofSeconds(1)); // the first backoff is at most 1 s
    assertTrue(identity.ready());
    assertEquals(2, f.server.requests.size());
  }

  @Test
  void contextsOfTwoIdentitiesAuthenticateEachOther() throws Exception {
    String books = "books.demo.serviceaccount.identity.weft.cluster.local";
    WorkloadIdentity web = f.start();
    WorkloadIdentity server = f.start(books);
    f.scheduler.runDue();
    assertTrue(web.ready() && server.ready());

    try (TlsEcho echo =
        new TlsEcho(
            server.contexts().server(), new TlsMetrics(new SimpleMeterRegistry()), 10_000)) {
      TlsEcho.Connected c = echo.connect(web.contexts().clientHttp(), books);
      assertNull(c.handshakeFailure());
      assertEquals(books, c.peerIdentity());
      assertEquals("h2", c.alpn());
      assertEquals("ping", c.reply().get(10, TimeUnit.SECONDS));
      assertEquals(NAME, echo.nextAccepted().peerIdentity());
    }
  }

  @Test
  void thePublicStartCertifiesOnItsOwnThread() {
    // Real clock and scheduler: the path the proxy takes. start() returns before any network I/O.
    try (WorkloadIdentity identity =
        WorkloadIdentity.start(f.config(NAME), new SimpleMeterRegistry())) {
      Await.until(Duration.ofSeconds(10), "identity ready", identity::ready);
      assertEquals(NAME, PeerIdentity.dnsName(identity.chain().getFirst()));
    }
  }

  @Test
  void closeRemovesTheMetersAndStopsTheWork() {
    WorkloadIdentity identity = f.start();
    identity.close();
    f.scheduler.runDue();

    assertEquals(0, f.server.requests.size());
    assertFalse(new PromText(f.registry.scrape()).has("identity_trust_anchors"));
  }
}

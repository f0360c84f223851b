package dev.weft.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mutual TLS between a server context and client contexts over real sockets on 127.0.0.1. */
class MutualTlsTest {
  static final String SERVER_ID = "books.demo.serviceaccount.identity.weft.cluster.local";
  static final String CLIENT_ID = "web.demo.serviceaccount.identity.weft.cluster.local";

  private final TestCa ca = TestCa.create("mesh");
  private final MeshTrustManager trust = new MeshTrustManager(ca::roots, Clock.systemUTC());
  private TlsEcho echo;

  @AfterEach
  void stop() {
    if (echo != null) {
      echo.close();
    }
  }

  private static TlsContexts contexts(TestCa.Leaf leaf, MeshTrustManager trust) throws Exception {
    return TlsContexts.create(leaf.key(), leaf.chain(), trust);
  }

  @Test
  void bothSidesLearnThePeersIdentityAndDataFlows() throws Exception {
    echo = new TlsEcho(contexts(ca.leaf(SERVER_ID), trust).server(), metrics(), 10_000);
    TlsContexts client = contexts(ca.leaf(CLIENT_ID), trust);

    TlsEcho.Connected c = echo.connect(client.clientOpaque(), SERVER_ID);

    assertNull(c.handshakeFailure());
    assertEquals(SERVER_ID, c.peerIdentity());
    assertEquals("TLSv1.3", c.protocol());
    assertEquals("ping", c.reply().get(10, TimeUnit.SECONDS));
    TlsEcho.Accepted a = echo.nextAccepted();
    assertEquals(CLIENT_ID, a.peerIdentity());
    // The client's expected identity doubles as SNI, which is how the inbound side spots mesh TLS.
    assertEquals(List.of(SERVER_ID), a.sni());
  }

  @Test
  void clientHttpNegotiatesH2AndClientOpaqueNoProtocol() throws Exception {
    echo = new TlsEcho(contexts(ca.leaf(SERVER_ID), trust).server(), metrics(), 10_000);
    TlsContexts client = contexts(ca.leaf(CLIENT_ID), trust);

    TlsEcho.Connected http = echo.connect(client.clientHttp(), SERVER_ID);
    assertEquals("h2", http.alpn());
    assertEquals("h2", echo.nextAccepted().alpn());
    assertEquals("ping", http.reply().get(10, TimeUnit.SECONDS));

    TlsEcho.Connected opaque = echo.connect(client.clientOpaque(), SERVER_ID);
    assertNull(opaque.alpn());
    assertNull(echo.nextAccepted().alpn());
    assertEquals("ping", opaque.reply().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aBundleWithTwoRootsAcceptsLeavesOfBoth() throws Exception {
    TestCa next = TestCa.create("next");
    TrustRoots both = new TrustRoots(List.of(ca.root(), next.root()));
    MeshTrustManager bothTrust = new MeshTrustManager(() -> both, Clock.systemUTC());
    echo = new TlsEcho(contexts(ca.leaf(SERVER_ID), bothTrust).server(), metrics(), 10_000);

    for (TestCa issuer : List.of(ca, next)) {
      TlsContexts client = contexts(issuer.leaf(CLIENT_ID), bothTrust);
      TlsEcho.Connected c = echo.connect(client.clientOpaque(), SERVER_ID);
      assertNull(
          c.handshakeFailure(), () -> "client of " + issuer.root().getSubjectX500Principal());
      assertEquals("ping", c.reply().get(10, TimeUnit.SECONDS));
      assertEquals(CLIENT_ID, echo.nextAccepted().peerIdentity());
    }
  }

  @Test
  void reloadedRootsApplyToContextsBuiltBefore() throws Exception {
    TestCa next = TestCa.create("next");
    AtomicReference<TrustRoots> current = new AtomicReference<>(ca.roots());
    MeshTrustManager reloading = new MeshTrustManager(current::get, Clock.systemUTC());
    echo = new TlsEcho(contexts(ca.leaf(SERVER_ID), reloading).server(), metrics(), 10_000);
    TlsContexts client =
        contexts(next.leaf(CLIENT_ID), new MeshTrustManager(ca::roots, Clock.systemUTC()));

    echo.connect(client.clientOpaque(), SERVER_ID);
    assertEquals("untrusted", TlsMetrics.reason(echo.nextAccepted().failure()));

    current.set(new TrustRoots(List.of(ca.root(), next.root())));
    TlsEcho.Connected c = echo.connect(client.clientOpaque(), SERVER_ID);
    assertEquals("ping", c.reply().get(10, TimeUnit.SECONDS));
    assertEquals(CLIENT_ID, echo.nextAccepted().peerIdentity());
  }

  private static TlsMetrics metrics() {
    return new TlsMetrics(new SimpleMeterRegistry());
  }
}

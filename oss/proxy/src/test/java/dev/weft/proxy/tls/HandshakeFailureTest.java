package dev.weft.proxy.tls;

import static dev.weft.proxy.tls.MutualTlsTest.CLIENT_ID;
import static dev.weft.proxy.tls.MutualTlsTest.SERVER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.Socket;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handshakes that must fail, over real sockets, and how each side classifies the failure: the
 * validating side knows the exact reason; the server also counts it.
 */
class HandshakeFailureTest {
  private final TestCa ca = TestCa.create("mesh");
  private final MeshTrustManager trust = new MeshTrustManager(ca::roots, Clock.systemUTC());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TlsMetrics metrics = new TlsMetrics(registry);
  private TlsEcho echo;

  @AfterEach
  void stop() {
    if (echo != null) {
      echo.close();
    }
  }

  private void serve(TestCa.Leaf leaf) throws Exception {
    serve(leaf, 10_000);
  }

  private void serve(TestCa.Leaf leaf, long handshakeTimeoutMillis) throws Exception {
    echo =
        new TlsEcho(
            TlsContexts.create(leaf.key(), leaf.chain(), trust).server(),
            metrics,
            handshakeTimeoutMillis);
  }

  private TlsContexts client(TestCa.Leaf leaf) throws Exception {
    return TlsContexts.create(leaf.key(), leaf.chain(), trust);
  }

  /** The server refused; the client either failed its handshake or lost the connection after it. */
  private String serverRefused(TlsEcho.Connected c) throws Exception {
    if (c.handshakeFailure() == null) {
      // In TLS 1.3 the client finishes first; the server's verdict arrives as an alert afterwards.
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> c.reply().get(10, TimeUnit.SECONDS));
      assertNotNull(e.getCause());
    }
    TlsEcho.Accepted a = echo.nextAccepted();
    assertNotNull(a.failure(), "the server accepted the handshake");
    return TlsMetrics.reason(a.failure());
  }

  private double counted(String reason) {
    var counter =
        registry
            .find("tls_handshake_failures")
            .tags("direction", "inbound", "reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void clientFromAnotherRootIsUntrusted() throws Exception {
    serve(ca.leaf(SERVER_ID));
    TestCa other = TestCa.create("other");

    assertEquals(
        "untrusted",
        serverRefused(echo.connect(client(other.leaf(CLIENT_ID)).clientOpaque(), SERVER_ID)));
    assertEquals(1, counted("untrusted"));
  }

  @Test
  void expiredClientCertificateIsExpired() throws Exception {
    serve(ca.leaf(SERVER_ID));

    assertEquals(
        "expired",
        serverRefused(echo.connect(client(ca.expiredLeaf(CLIENT_ID)).clientOpaque(), SERVER_ID)));
    assertEquals(1, counted("expired"));
  }

  @Test
  void expiredServerCertificateIsExpiredOnBothSides() throws Exception {
    serve(ca.expiredLeaf(SERVER_ID));

    TlsEcho.Connected c = echo.connect(client(ca.leaf(CLIENT_ID)).clientOpaque(), SERVER_ID);
    assertEquals("expired", TlsMetrics.reason(c.handshakeFailure()));
    // The client's alert tells the server why.
    assertEquals("expired", TlsMetrics.reason(echo.nextAccepted().failure()));
  }

  @Test
  void serverNamingAnotherIdentityIsAMismatch() throws Exception {
    serve(ca.leaf("other.demo.serviceaccount.identity.weft.cluster.local"));

    TlsEcho.Connected c = echo.connect(client(ca.leaf(CLIENT_ID)).clientOpaque(), SERVER_ID);
    assertEquals("identity_mismatch", TlsMetrics.reason(c.handshakeFailure()));
    assertNotNull(echo.nextAccepted().failure());
  }

  @Test
  void serverFromAnotherRootIsUntrustedByTheClient() throws Exception {
    echo = new TlsEcho(client(TestCa.create("other").leaf(SERVER_ID)).server(), metrics, 10_000);

    TlsEcho.Connected c = echo.connect(client(ca.leaf(CLIENT_ID)).clientOpaque(), SERVER_ID);
    assertEquals("untrusted", TlsMetrics.reason(c.handshakeFailure()));
  }

  @Test
  void clientWithoutCertificateHandshakesWithNoIdentity() throws Exception {
    serve(ca.leaf(SERVER_ID));
    SslContext anonymous =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3")
            .trustManager(trust)
            .endpointIdentificationAlgorithm(null)
            .build();

    // The certificate is asked for, not required, at the TLS layer (so TLS scanners can inspect
    // the port); the listener refuses a connection whose handshake named no client.
    TlsEcho.Connected c = echo.connect(anonymous, SERVER_ID);
    assertNull(c.handshakeFailure());
    TlsEcho.Accepted accepted = echo.nextAccepted();
    assertNull(accepted.failure());
    assertNull(accepted.peerIdentity());
  }

  @Test
  void tls12OnlyClientIsAProtocolFailure() throws Exception {
    serve(ca.leaf(SERVER_ID));
    TestCa.Leaf leaf = ca.leaf(CLIENT_ID);
    SslContext old =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.2")
            .keyManager(leaf.key(), leaf.chain())
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .build();

    TlsEcho.Connected c = echo.connect(old, SERVER_ID);
    assertEquals("protocol", TlsMetrics.reason(c.handshakeFailure()));
    assertEquals("protocol", TlsMetrics.reason(echo.nextAccepted().failure()));
    assertEquals(1, counted("protocol"));
  }

  @Test
  void silentClientIsATimeoutAndAnAbandonedOneIsClosed() throws Exception {
    serve(ca.leaf(SERVER_ID), 300);
    try (Socket silent = new Socket("127.0.0.1", echo.address().getPort())) {
      assertEquals("timeout", TlsMetrics.reason(echo.nextAccepted().failure()));
      assertEquals(-1, silent.getInputStream().read(), "the server closed the silent connection");
    }
    new Socket("127.0.0.1", echo.address().getPort()).close();
    assertEquals("closed", TlsMetrics.reason(echo.nextAccepted().failure()));
    assertEquals(1, counted("timeout"));
    assertEquals(1, counted("closed"));
  }
}

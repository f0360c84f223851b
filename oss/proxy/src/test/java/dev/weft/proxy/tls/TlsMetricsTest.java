package dev.weft.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How failures the TLS stack reports map to reasons, and the metric they are counted in. */
class TlsMetricsTest {
  private static SSLHandshakeException handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return e;
  }

  @Test
  void aReasonCarriedByTheTrustManagerWinsAnywhereInTheChain() {
    for (TlsFailureReason reason : TlsFailureReason.values()) {
      Throwable wrapped =
          handshake("PKIX path validation failed", new PeerCertificateException(reason, "x"));
      assertEquals(reason.label(), TlsMetrics.reason(wrapped));
    }
  }

  @Test
  void alertsReceivedFromTheValidatingPeerAreMapped() {
    assertEquals(
        "expired", TlsMetrics.reason(handshake("Received fatal alert: certificate_expired", null)));
    assertEquals(
        "untrusted", TlsMetrics.reason(handshake("Received fatal alert: bad_certificate", null)));
    assertEquals(
        "untrusted",
        TlsMetrics.reason(handshake("Received fatal alert: certificate_unknown", null)));
    assertEquals(
        "no_client_certificate",
        TlsMetrics.reason(handshake("Received fatal alert: certificate_required", null)));
    assertEquals(
        "no_client_certificate",
        TlsMetrics.reason(handshake("Empty client certificate chain", null)));
    assertEquals(
        "protocol", TlsMetrics.reason(handshake("Received fatal alert: protocol_version", null)));
    assertEquals("protocol", TlsMetrics.reason(handshake("No appropriate protocol", null)));
  }

  @Test
  void transportOutcomesAreTimeoutClosedOrProtocol() {
    assertEquals(
        "timeout", TlsMetrics.reason(new SslHandshakeTimeoutException("handshake timed out")));
    ClosedChannelException closed = new ClosedChannelException();
    closed.addSuppressed(
        new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress"));
    assertEquals("closed", TlsMetrics.reason(closed));
    assertEquals("closed", TlsMetrics.reason(new IOException("Connection reset by peer")));
    assertEquals("protocol", TlsMetrics.reason(new NotSslRecordException("not an SSL/TLS record")));
    assertEquals("other", TlsMetrics.reason(new IllegalStateException("boom")));
    assertEquals("other", TlsMetrics.reason(null));
    assertEquals("other", TlsMetrics.reason(new CertificateException("no reason given")));
  }

  @Test
  void failuresAreCountedByDirectionAndReasonUnderLinkerdsName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TlsMetrics metrics = new TlsMetrics(registry);

    metrics.handshakeFailed("inbound", new SslHandshakeTimeoutException("t"));
    metrics.handshakeFailed("inbound", new SslHandshakeTimeoutException("t"));
    metrics.handshakeFailed(
        "outbound",
        handshake("x", new PeerCertificateException(TlsFailureReason.IDENTITY_MISMATCH, "y")));

    PromText text = new PromText(registry.scrape());
    assertTrue(text.has("tls_handshake_failures_total"), text::text);
    assertEquals(
        2,
        text.sum(
            "tls_handshake_failures_total", Map.of("direction", "inbound", "reason", "timeout")));
    assertEquals(
        1,
        text.sum(
            "tls_handshake_failures_total",
            Map.of("direction", "outbound", "reason", "identity_mismatch")));
    assertEquals(3, text.sum("tls_handshake_failures_total"));
  }
}

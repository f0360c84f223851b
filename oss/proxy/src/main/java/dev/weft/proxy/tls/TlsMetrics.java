package dev.weft.proxy.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Counts failed TLS handshakes as {@code tls_handshake_failures_total{direction, reason}}. The side
 * that validated a certificate knows exactly why it refused it; the other side only sees the TLS
 * alert it was sent, which {@link #reason} maps as well as an alert allows. Thread-safe.
 */
public final class TlsMetrics {
  private final MeterRegistry registry;

  public TlsMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Records one failed handshake; {@code direction} is the proxy's (inbound or outbound). */
  public void handshakeFailed(String direction, Throwable cause) {
    Counter.builder("tls_handshake_failures")
        .description("TLS handshakes that failed, by reason")
        .tag("direction", direction)
        .tag("reason", reason(cause))
        .register(registry)
        .increment();
  }

  /** Classifies a handshake failure: one of the {@link TlsFailureReason} labels. */
  public static String reason(Throwable cause) {
    return classify(cause).label();
  }

  /** As {@link #reason}, as the enum. */
  public static TlsFailureReason classify(Throwable cause) {
    List<Throwable> chain = chain(cause);
    // Exact types first, anywhere in the chain; then the names of TLS alerts in messages, which is
    // all the side that did not validate gets to see; then the kind of exception.
    for (Throwable t : chain) {
      TlsFailureReason r = byType(t);
      if (r != null) {
        return r;
      }
    }
    for (Throwable t : chain) {
      TlsFailureReason r = byMessage(t);
      if (r != null) {
        return r;
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        // protocol_version, handshake_failure (no shared cipher), no_application_protocol, ...
        return TlsFailureReason.PROTOCOL;
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IOException) {
        // Connection reset or broken pipe while the handshake was under way.
        return TlsFailureReason.CLOSED;
      }
    }
    return TlsFailureReason.OTHER;
  }

  /** The throwable, its causes and suppressed exceptions, outermost first, each once. */
  private static List<Throwable> chain(Throwable cause) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    ArrayDeque<Throwable> queue = new ArrayDeque<>();
    if (cause != null) {
      queue.add(cause);
    }
    while (!queue.isEmpty() && out.size() < 32) {
      Throwable t = queue.poll();
      if (!seen.add(t)) {
        continue;
      }
      out.add(t);
      if (t.getCause() != null) {
        queue.add(t.getCause());
      }
      queue.addAll(Arrays.asList(t.getSuppressed()));
    }
    return out;
  }

  private static TlsFailureReason byType(Throwable t) {
    return switch (t) {
      case PeerCertificateException p -> p.reason();
      case SslHandshakeTimeoutException ignored -> TlsFailureReason.TIMEOUT;
      case CertificateExpiredException ignored -> TlsFailureReason.EXPIRED;
      case CertificateNotYetValidException ignored -> TlsFailureReason.EXPIRED;
      case CertPathValidatorException e ->
          e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID
              ? TlsFailureReason.EXPIRED
              : TlsFailureReason.UNTRUSTED;
      case ClosedChannelException ignored -> TlsFailureReason.CLOSED;
      case SslClosedEngineException ignored -> TlsFailureReason.CLOSED;
      case NotSslRecordException ignored -> TlsFailureReason.PROTOCOL;
      default -> null;
    };
  }

  private static TlsFailureReason byMessage(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    if (message.contains("empty client certificate chain")
        || message.contains("certificate_required")) {
      return TlsFailureReason.NO_CLIENT_CERTIFICATE;
    }
    if (message.contains("certificate_expired")) {
      return TlsFailureReason.EXPIRED;
    }
    if (message.contains("bad_certificate")
        || message.contains("certificate_unknown")
        || message.contains("unknown_ca")
        || message.contains("unsupported_certificate")
        || message.contains("certificate_revoked")) {
      return TlsFailureReason.UNTRUSTED;
    }
    return null;
  }
}

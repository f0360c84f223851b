package dev.weft.proxy.tls;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * A peer's certificate chain was refused, with the reason. Thrown by {@link MeshTrustManager}; the
 * TLS engine wraps it in the handshake failure, where {@link TlsMetrics#reason} finds it.
 */
public final class PeerCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  private final TlsFailureReason reason;

  public PeerCertificateException(TlsFailureReason reason, String message) {
    this(reason, message, null);
  }

  public PeerCertificateException(TlsFailureReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public TlsFailureReason reason() {
    return reason;
  }
}

package dev.weft.proxy.tls;

import dev.weft.spi.identity.CertificateIdentity;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The identity a peer proved in a TLS handshake: its leaf certificate's DNS SAN. */
public final class PeerIdentity {
  private PeerIdentity() {}

  /** The peer's identity, or null when the session has no verified peer certificate. */
  public static String of(SSLSession session) {
    if (session == null) {
      return null;
    }
    Certificate[] certificates;
    try {
      certificates = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
    if (certificates.length == 0 || !(certificates[0] instanceof X509Certificate leaf)) {
      return null;
    }
    return dnsName(leaf);
  }

  /**
   * The certificate's first DNS subject alternative name, or null: the rule of {@link
   * CertificateIdentity}, which the trust manager's check and the control plane's share.
   */
  public static String dnsName(X509Certificate certificate) {
    return CertificateIdentity.of(certificate);
  }
}

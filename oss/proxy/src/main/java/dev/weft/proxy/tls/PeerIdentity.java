package dev.weft.proxy.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The identity a peer proved in a TLS handshake: its leaf certificate's DNS SAN. */
public final class PeerIdentity {
  private static final int DNS_NAME = 2;

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
   * The certificate's first DNS subject alternative name, or null. Identity certificates carry
   * exactly one; taking the first keeps this and the trust manager's check the same rule.
   */
  public static String dnsName(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return null;
    }
    if (names == null) {
      return null;
    }
    for (List<?> name : names) {
      if (name.size() >= 2
          && name.get(0) instanceof Integer type
          && type == DNS_NAME
          && name.get(1) instanceof String dns) {
        return dns;
      }
    }
    return null;
  }
}

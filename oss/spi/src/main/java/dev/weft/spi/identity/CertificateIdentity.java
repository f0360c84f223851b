package dev.weft.spi.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * The workload identity a Weft identity certificate names: its first DNS subject alternative name
 * ({@code SA.NS.serviceaccount.identity.weft.TRUSTDOMAIN}). Identity certificates carry exactly
 * one. The proxy's TLS checks and the control plane's check of heartbeats' identity proofs read it
 * here, so they cannot disagree.
 */
public final class CertificateIdentity {
  private static final int DNS_NAME = 2;

  private CertificateIdentity() {}

  /** The identity {@code certificate} names, or null when it names none. */
  public static String of(X509Certificate certificate) {
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

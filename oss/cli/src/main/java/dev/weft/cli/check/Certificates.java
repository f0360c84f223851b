package dev.weft.cli.check;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** PEM certificates as the mesh's Secrets, ConfigMaps and webhook carry them. */
final class Certificates {
  private Certificates() {}

  /**
   * Every certificate of a PEM text, in order.
   *
   * @throws IllegalArgumentException saying why it does not parse
   */
  static List<X509Certificate> parsePem(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("no PEM certificate in it");
    }
    try {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no certificate in it");
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid certificate (" + e.getMessage() + ")");
    }
  }

  /** A Secret's or webhook's base64 data, decoded to text. */
  static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64 (" + e.getMessage() + ")");
    }
  }

  /** Whether {@code cert} was signed by one of {@code anchors}. */
  static boolean signedByAny(X509Certificate cert, List<X509Certificate> anchors) {
    for (X509Certificate anchor : anchors) {
      if (!anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        cert.verify(anchor.getPublicKey());
        return true;
      } catch (GeneralSecurityException e) {
        // Same name, other key (a rotated root): try the next anchor.
      }
    }
    return false;
  }

  /** Subject CN or whole subject, for messages. */
  static String name(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }

  /** "in 10 days", "3 days ago". */
  static String relative(Instant when, Instant now) {
    long days = Duration.between(now, when).toDays();
    if (when.isAfter(now)) {
      return days == 0 ? "in less than a day" : "in " + days + " days";
    }
    return days == 0 ? "less than a day ago" : -days + " days ago";
  }
}

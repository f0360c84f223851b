package dev.weft.controlplane.inject;

import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The webhook's serving certificate and key as read from their files. Checked before use (PEM, key
 * matching the certificate) so that a half-rotated Secret, where one file changed before the other,
 * never replaces a working pair.
 */
record WebhookCertificate(byte[] certPem, byte[] keyPem, X509Certificate leaf) {
  static WebhookCertificate read(Path cert, Path key) {
    byte[] certPem;
    byte[] keyPem;
    try {
      certPem = Files.readAllBytes(cert);
      keyPem = Files.readAllBytes(key);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
    }
    List<X509Certificate> chain =
        Pem.readCertificates(new String(certPem, StandardCharsets.US_ASCII), cert.toString());
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(cert + ": no CERTIFICATE block");
    }
    PrivateKey privateKey =
        Pem.readPrivateKey(new String(keyPem, StandardCharsets.US_ASCII), key.toString());
    if (!CaCertificates.keyMatches(privateKey, chain.getFirst())) {
      throw new IllegalArgumentException(key + " is not the key of the certificate in " + cert);
    }
    return new WebhookCertificate(certPem, keyPem, chain.getFirst());
  }

  boolean sameFilesAs(WebhookCertificate other) {
    return other != null
        && Arrays.equals(certPem, other.certPem)
        && Arrays.equals(keyPem, other.keyPem);
  }

  String describe() {
    return leaf.getSubjectX500Principal().getName() + " until " + leaf.getNotAfter().toInstant();
  }
}

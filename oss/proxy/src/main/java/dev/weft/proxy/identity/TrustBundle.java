package dev.weft.proxy.identity;

import dev.weft.proxy.tls.TrustRoots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed content of a trust anchors file, with the digest that tells a changed file apart.
 * Immutable.
 */
public final class TrustBundle {
  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile(
          "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----",
          Pattern.DOTALL);

  private final TrustRoots roots;
  private final byte[] digest;

  private TrustBundle(TrustRoots roots, byte[] digest) {
    this.roots = roots;
    this.digest = digest;
  }

  public TrustRoots roots() {
    return roots;
  }

  public boolean sameContent(byte[] otherDigest) {
    return MessageDigest.isEqual(digest, otherDigest);
  }

  /** Reads the file's bytes; an unreadable file is an {@link IllegalArgumentException}. */
  public static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("trust anchors file " + file + ": does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("trust anchors file " + file + ": unreadable: " + e, e);
    }
  }

  public static TrustBundle read(Path file) {
    return parse(file, readBytes(file));
  }

  /** Parses PEM root certificates; anything unusable is an error naming the file and the cause. */
  public static TrustBundle parse(Path file, byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII);
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "trust anchors file " + file + ": empty (expected: PEM root certificates)");
    }
    List<X509Certificate> roots = new ArrayList<>();
    Matcher m = PEM_CERTIFICATE.matcher(text);
    while (m.find()) {
      int index = roots.size() + 1;
      X509Certificate certificate = decode(file, index, m.group(1));
      if (certificate.getBasicConstraints() < 0) {
        throw new IllegalArgumentException(
            "trust anchors file "
                + file
                + ": certificate #"
                + index
                + " ("
                + certificate.getSubjectX500Principal().getName()
                + ") is not a CA certificate");
      }
      roots.add(certificate);
    }
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(
          "trust anchors file "
              + file
              + ": no PEM certificate found (expected: -----BEGIN CERTIFICATE----- blocks)");
    }
    return new TrustBundle(new TrustRoots(roots), digest(content));
  }

  private static X509Certificate decode(Path file, int index, String base64) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException e) {
      throw new IllegalArgumentException(
          "trust anchors file "
              + file
              + ": certificate #"
              + index
              + " is not a valid X.509 certificate: "
              + e.getMessage(),
          e);
    }
  }

  public static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}

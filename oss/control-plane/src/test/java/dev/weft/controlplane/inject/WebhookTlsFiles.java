package dev.weft.controlplane.inject;

import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The webhook's serving certificate files for tests: self-signed for 127.0.0.1, written where the
 * profile points {@code weft.injector.tls-cert} and {@code tls-key}, and replaceable as a rotated
 * Secret would be.
 */
final class WebhookTlsFiles {
  // A fixed place: Quarkus loads the profile that writes these files and the test that reads them
  // in different class loaders, so they share the files, not static fields.
  static final Path DIR = Path.of("target", "injector-test-tls").toAbsolutePath();
  static final Path CERT = DIR.resolve("tls.crt");
  static final Path KEY = DIR.resolve("tls.key");
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookTlsFiles() {}

  /** Writes a new self-signed pair (the key file first, each by rename) and returns the cert. */
  static synchronized X509Certificate write(String name) {
    try {
      Files.createDirectories(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KeyPair keys = CaCertificates.newP256KeyPair(RANDOM);
    X509Certificate cert = selfSigned(keys, name);
    replace(KEY, Pem.privateKey(keys.getPrivate()));
    replace(CERT, Pem.certificates(List.of(cert)));
    return cert;
  }

  /** The certificate in the file now. */
  static X509Certificate current() {
    try {
      return Pem.readCertificates(Files.readString(CERT), CERT.toString()).getFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static X509Certificate selfSigned(KeyPair keys, String name) {
    X500Name subject = new X500Name("CN=weft-control-plane.weft.svc " + name);
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, RANDOM),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    } catch (IOException | OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static void replace(Path file, String content) {
    try {
      Path temp = Files.createTempFile(DIR, "new", ".pem");
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

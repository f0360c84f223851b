package dev.weft.charts;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * EC P-256 certificates for the chart's values: a trust anchor, an issuer, a webhook CA and leaf.
 */
final class TestPki {
  private TestPki() {}

  /** A certificate and its key, as PEM. */
  record Credential(X509Certificate certificate, PrivateKey key) {
    String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    String keyPem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }
  }

  /** A self-signed CA. */
  static Credential root(String cn) {
    KeyPair keys = p256();
    return new Credential(
        sign(cn, keys, cn, keys.getPrivate(), true, List.of()), keys.getPrivate());
  }

  /** An intermediate CA (the identity issuer) signed by {@code parent}. */
  static Credential intermediate(String cn, Credential parent) {
    KeyPair keys = p256();
    return new Credential(
        sign(cn, keys, subject(parent), parent.key(), true, List.of()), keys.getPrivate());
  }

  /** A serving certificate for {@code dnsNames} signed by {@code parent}. */
  static Credential server(Credential parent, String... dnsNames) {
    KeyPair keys = p256();
    return new Credential(
        sign(dnsNames[0], keys, subject(parent), parent.key(), false, List.of(dnsNames)),
        keys.getPrivate());
  }

  static X509Certificate parseCertificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new AssertionError("not a PEM certificate: " + pem, e);
    }
  }

  private static String subject(Credential c) {
    return c.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  private static X509Certificate sign(
      String cn,
      KeyPair subjectKeys,
      String issuerCn,
      PrivateKey signer,
      boolean ca,
      List<String> dnsNames) {
    try {
      Instant now = Instant.now().minus(Duration.ofMinutes(5));
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name("CN=" + issuerCn),
              BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
              Date.from(now),
              Date.from(now.plus(Duration.ofDays(2))),
              new X500Name("CN=" + cn),
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (!dnsNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                dnsNames.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate for " + cn, e);
    }
  }

  private static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}

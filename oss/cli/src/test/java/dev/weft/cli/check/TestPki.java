package dev.weft.cli.check;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates as an install creates them, with chosen lifetimes: a root, CAs and leaves it signs.
 */
record TestPki(X509Certificate cert, KeyPair keys) {
  static TestPki root(String cn, Duration validFor) throws Exception {
    KeyPair keys = p256();
    X500Name name = new X500Name("CN=" + cn);
    return new TestPki(build(name, keys, name, keys, true, validFor), keys);
  }

  /** A certificate signed by this one, valid from an hour ago for {@code validFor}. */
  TestPki sign(String cn, boolean ca, Duration validFor) throws Exception {
    KeyPair keys = p256();
    X500Name issuer = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    return new TestPki(
        build(new X500Name("CN=" + cn), keys, issuer, this.keys, ca, validFor), keys);
  }

  String pem() throws Exception {
    return pem("CERTIFICATE", cert.getEncoded());
  }

  String keyPem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  static String base64(String text) {
    return Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static X509Certificate build(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean ca,
      Duration validFor)
      throws Exception {
    Instant from = Instant.now().minus(Duration.ofHours(1));
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
            Date.from(from),
            Date.from(from.plus(validFor)),
            subject,
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, "weft-control-plane.weft.svc")));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}

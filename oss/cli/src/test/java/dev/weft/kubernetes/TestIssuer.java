package dev.weft.kubernetes;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
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
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A root and an issuer signed by it, as an administrator (or cert-manager) would put them in the
 * issuer Secret and the trust-anchors ConfigMap: the control plane will not start serving without
 * them, even though this test's proxy has no identity.
 */
record TestIssuer(X509Certificate root, X509Certificate issuer, PrivateKey issuerKey) {
  static TestIssuer create() throws Exception {
    Instant now = Instant.now().minus(Duration.ofHours(1));
    KeyPair rootKeys = p256();
    X500Name rootName = new X500Name("O=Weft test,CN=test root");
    X509Certificate root = ca(rootName, rootKeys, rootName, rootKeys.getPrivate(), -1, now);
    KeyPair issuerKeys = p256();
    X509Certificate issuer =
        ca(
            new X500Name("O=Weft test,CN=test issuer"),
            issuerKeys,
            rootName,
            rootKeys.getPrivate(),
            0,
            now);
    return new TestIssuer(root, issuer, issuerKeys.getPrivate());
  }

  /** The Secret's {@code tls.crt}: the issuer then its root, as cert-manager writes it. */
  String chainPem() throws Exception {
    return pem("CERTIFICATE", issuer.getEncoded()) + pem("CERTIFICATE", root.getEncoded());
  }

  /** The Secret's {@code tls.key}, PKCS#8. */
  String keyPem() {
    return pem("PRIVATE KEY", issuerKey.getEncoded());
  }

  /** The ConfigMap's {@code ca-bundle.crt}. */
  String bundlePem() throws Exception {
    return pem("CERTIFICATE", root.getEncoded());
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate ca(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuerName,
      PrivateKey signingKey,
      int pathLength,
      Instant now)
      throws Exception {
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
            Date.from(now),
            Date.from(now.plus(Duration.ofDays(2))),
            subject,
            subjectKeys.getPublic());
    builder.addExtension(
        Extension.basicConstraints,
        true,
        pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
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

package dev.weft.controlplane.identity.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates the CA's own certificates (roots and issuers) and the keys behind them. */
public final class CaCertificates {
  /** Roots outlive many issuers; they are replaced by a deliberate rotation. */
  public static final Duration ROOT_LIFETIME = Duration.ofDays(3650);

  /** Issuers are replaced well within a root's life (local mode renews one near its end). */
  public static final Duration ISSUER_LIFETIME = Duration.ofDays(365);

  private CaCertificates() {}

  public static KeyPair newP256KeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate ECDSA P-256 keys", e);
    }
  }

  /**
   * A self-signed root (trust anchor); its name carries a random suffix so roots never share one.
   */
  public static X509Certificate newRoot(
      KeyPair keys, String trustDomain, Instant now, SecureRandom random) {
    X500Name name = caName("Weft identity root " + suffix(random), trustDomain);
    return build(
        name, keys.getPublic(), name, keys.getPrivate(), null, now, ROOT_LIFETIME, -1, random);
  }

  /** An issuer (intermediate CA, path length 0) signed by {@code root}. */
  public static X509Certificate newIssuer(
      PublicKey issuerKey,
      X509Certificate root,
      PrivateKey rootKey,
      String trustDomain,
      Instant now,
      SecureRandom random) {
    X500Name name = caName("Weft identity issuer " + suffix(random), trustDomain);
    Instant notAfter = min(now.plus(ISSUER_LIFETIME), root.getNotAfter().toInstant());
    return build(
        name,
        issuerKey,
        X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
        rootKey,
        root,
        now,
        Duration.between(now, notAfter),
        0,
        random);
  }

  /** Whether {@code certificate}'s signature verifies with {@code candidate}'s public key. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate candidate) {
    if (!certificate.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(candidate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code key} is the private half of {@code certificate}'s public key. */
  public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
    try {
      byte[] probe = "weft-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(signatureAlgorithm(key));
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier =
          java.security.Signature.getInstance(signatureAlgorithm(key));
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // an unsupported or mismatched key is simply not this certificate's
    }
  }

  /** The JCA signature algorithm for a CA key: ECDSA for EC keys, RSA otherwise. */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default ->
          throw new IllegalArgumentException(
              "unsupported CA key algorithm: " + key.getAlgorithm() + " (expected: EC or RSA)");
    };
  }

  static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }

  static BigInteger serial(SecureRandom random) {
    // 127 random bits: unique in practice and always a positive DER integer.
    return new BigInteger(127, random).setBit(126);
  }

  private static X509Certificate build(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuerName,
      PrivateKey signingKey,
      X509Certificate issuerCertificate,
      Instant now,
      Duration lifetime,
      int pathLength,
      SecureRandom random) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              serial(random),
              Date.from(now),
              Date.from(now.plus(lifetime)),
              subject,
              subjectKey);
      builder.addExtension(
          Extension.basicConstraints,
          true,
          pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
      if (issuerCertificate != null) {
        builder.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            extensions.createAuthorityKeyIdentifier(issuerCertificate));
      }
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build CA certificate " + subject, e);
    }
  }

  private static X500Name caName(String commonName, String trustDomain) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Weft " + trustDomain)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static String suffix(SecureRandom random) {
    byte[] bytes = new byte[4];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

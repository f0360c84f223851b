package dev.weft.cli.install;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The identity trust anchors and the issuer the control plane signs workload certificates with, as
 * PEM: generated (as {@code linkerd install} does: a long-lived anchor, an issuer for a year) or
 * read from files.
 */
record IdentityMaterial(String trustAnchorsPem, String issuerCertificatePem, String issuerKeyPem) {
  static final Duration ANCHOR_LIFETIME = Duration.ofDays(3650);
  static final Duration ISSUER_LIFETIME = Duration.ofDays(365);

  /** A fresh EC P-256 anchor and an issuer it signs, both CAs (the issuer with path length 0). */
  static IdentityMaterial generate(String trustDomain, Instant now) throws InstallException {
    try {
      KeyPair anchorKeys = p256();
      X500Name anchorName = new X500Name("CN=root.identity.weft." + trustDomain);
      // Backdated a little: clocks of nodes and of this machine differ.
      Instant start = now.minus(Duration.ofMinutes(5));
      X509Certificate anchor =
          ca(anchorName, anchorKeys, anchorName, anchorKeys, null, -1, start, ANCHOR_LIFETIME);
      KeyPair issuerKeys = p256();
      X509Certificate issuer =
          ca(
              new X500Name("CN=identity.weft." + trustDomain),
              issuerKeys,
              anchorName,
              anchorKeys,
              anchor,
              0,
              start,
              ISSUER_LIFETIME);
      return new IdentityMaterial(
          pem("CERTIFICATE", anchor.getEncoded()),
          pem("CERTIFICATE", issuer.getEncoded()),
          pem("PRIVATE KEY", issuerKeys.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new InstallException(
          InstallException.FAILED,
          "cannot generate the identity certificates: "
              + e.getMessage()
              + ": give them with --identity-trust-anchors-file,"
              + " --identity-issuer-certificate-file and --identity-issuer-key-file",
          e);
    }
  }

  /**
   * Reads the three files, checking that they hold certificates and a key and that a trust anchor
   * signed the issuer (the control plane would refuse it otherwise, after the install).
   */
  static IdentityMaterial read(Path anchorsFile, Path issuerFile, Path keyFile)
      throws InstallException {
    String anchors = readFile("--identity-trust-anchors-file", anchorsFile);
    String issuer = readFile("--identity-issuer-certificate-file", issuerFile);
    String key = readFile("--identity-issuer-key-file", keyFile);
    List<X509Certificate> roots =
        certificates("--identity-trust-anchors-file", anchorsFile, anchors);
    X509Certificate issuerCert =
        certificates("--identity-issuer-certificate-file", issuerFile, issuer).getFirst();
    if (!key.contains("PRIVATE KEY-----")) {
      throw new InstallException(
          InstallException.USAGE,
          "--identity-issuer-key-file "
              + keyFile
              + ": no PEM private key in it: give the issuer's key (PKCS#8 or SEC1 PEM)");
    }
    boolean signed = roots.stream().anyMatch(root -> signedBy(issuerCert, root));
    if (!signed) {
      throw new InstallException(
          InstallException.USAGE,
          "--identity-issuer-certificate-file "
              + issuerFile
              + ": no certificate of --identity-trust-anchors-file "
              + anchorsFile
              + " signed it: give an issuer signed by one of the trust anchors");
    }
    return new IdentityMaterial(anchors, issuer, key);
  }

  private static String readFile(String flag, Path file) throws InstallException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InstallException(
          InstallException.USAGE,
          flag + " " + file + ": cannot read it (" + e + "): give a readable PEM file");
    }
  }

  private static List<X509Certificate> certificates(String flag, Path file, String pem)
      throws InstallException {
    try {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (!certs.isEmpty()) {
        return certs;
      }
    } catch (GeneralSecurityException e) {
      // Reported below with the flag.
    }
    throw new InstallException(
        InstallException.USAGE,
        flag + " " + file + ": no PEM certificate in it: give PEM certificates");
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate root) {
    try {
      cert.verify(root.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate ca(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuerName,
      KeyPair issuerKeys,
      X509Certificate issuerCert,
      int pathLength,
      Instant start,
      Duration lifetime)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuerName,
            new BigInteger(127, new SecureRandom()),
            Date.from(start),
            Date.from(start.plus(lifetime)),
            subject,
            subjectKeys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(
        Extension.basicConstraints,
        true,
        pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        issuerCert == null
            ? ext.createAuthorityKeyIdentifier(issuerKeys.getPublic())
            : ext.createAuthorityKeyIdentifier(issuerCert));
    PrivateKey signer = issuerKeys.getPrivate();
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
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

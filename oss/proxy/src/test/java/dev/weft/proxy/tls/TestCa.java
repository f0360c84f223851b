package dev.weft.proxy.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, shaped like the control plane's: a root (the trust anchor) and
 * an issuer (intermediate, path length 0) that signs ECDSA P-256 identity leaves.
 */
public final class TestCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  /** A leaf's private key and its chain (leaf, issuer). */
  public record Leaf(PrivateKey key, List<X509Certificate> chain) {
    public X509Certificate certificate() {
      return chain.getFirst();
    }
  }

  private final KeyPair rootKey;
  private final X509Certificate root;
  private final KeyPair issuerKey;
  private final X500Name issuerName;
  private final X509Certificate issuer;

  private TestCa(String name) throws GeneralSecurityException {
    Instant now = Instant.now();
    rootKey = newKeyPair();
    X500Name rootName = new X500Name("CN=" + name + " root");
    root =
        sign(
            rootKey,
            rootName,
            rootName,
            rootKey.getPublic(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(3650)),
            b -> {
              b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
              b.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            });
    issuerKey = newKeyPair();
    issuerName = new X500Name("CN=" + name + " issuer");
    issuer =
        sign(
            rootKey,
            rootName,
            issuerName,
            issuerKey.getPublic(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(365)),
            b -> {
              b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
              b.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            });
  }

  public static TestCa create(String name) {
    try {
      return new TestCa(name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate root() {
    return root;
  }

  public X509Certificate issuer() {
    return issuer;
  }

  public TrustRoots roots() {
    return new TrustRoots(List.of(root));
  }

  /** A fresh key and a leaf for {@code identity}, valid from an hour ago for a day. */
  public Leaf leaf(String identity) {
    Instant now = Instant.now();
    return leaf(identity, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A leaf that expired a minute ago. */
  public Leaf expiredLeaf(String identity) {
    Instant now = Instant.now();
    return leaf(identity, now.minus(Duration.ofDays(1)), now.minus(Duration.ofMinutes(1)));
  }

  public Leaf leaf(String identity, Instant notBefore, Instant notAfter) {
    try {
      KeyPair key = newKeyPair();
      return new Leaf(
          key.getPrivate(), List.of(sign(key.getPublic(), identity, notBefore, notAfter), issuer));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The identity leaf the control plane would issue for {@code key}. */
  public X509Certificate sign(PublicKey key, String identity, Instant notBefore, Instant notAfter)
      throws GeneralSecurityException {
    // As the control plane does: a name too long for a CN (64) is carried by the SANs alone.
    boolean named = identity.length() <= 64;
    return sign(
        issuerKey,
        issuerName,
        named ? new X500Name("CN=" + identity) : new X500Name(new RDN[0]),
        key,
        notBefore,
        notAfter,
        b -> {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(
                  new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                  }));
          b.addExtension(
              Extension.subjectAlternativeName,
              !named,
              new GeneralNames(
                  new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, identity),
                    new GeneralName(
                        GeneralName.uniformResourceIdentifier, "spiffe://cluster.local/test")
                  }));
        });
  }

  public static String pem(X509Certificate... certificates) {
    StringBuilder s = new StringBuilder();
    for (X509Certificate c : certificates) {
      try {
        s.append("-----BEGIN CERTIFICATE-----\n")
            .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return s.toString();
  }

  public static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws Exception;
  }

  private static X509Certificate sign(
      KeyPair signer,
      X500Name issuerName,
      X500Name subject,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      Extensions extensions)
      throws GeneralSecurityException {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(signer.getPublic()));
      extensions.add(builder);
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot sign " + subject + ": " + e, e);
    }
  }
}

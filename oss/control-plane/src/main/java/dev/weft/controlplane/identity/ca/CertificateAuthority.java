package dev.weft.controlplane.identity.ca;

import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.identity.IdentityName;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Signs workload leaf certificates with the current issuer. Thread-safe; it holds no state besides
 * its configuration.
 */
public final class CertificateAuthority {
  /**
   * Leaves start this much before "now" so that a peer whose clock runs slightly behind accepts
   * them at once; never before the issuer's own notBefore.
   */
  public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);

  private static final int MAX_COMMON_NAME = 64;

  private final Clock clock;
  private final SecureRandom random;
  private final Duration leafLifetime;

  public CertificateAuthority(Clock clock, SecureRandom random, Duration leafLifetime) {
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
    this.leafLifetime = requireNonNull(leafLifetime, "leafLifetime");
    if (leafLifetime.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "leaf lifetime: " + leafLifetime + " (expected: at least 1 second)");
    }
  }

  public Duration leafLifetime() {
    return leafLifetime;
  }

  /**
   * Issues a leaf for {@code identity} and {@code publicKey}. The names come only from the verified
   * identity, never from the request. The leaf ends {@code leafLifetime} from now, or when the
   * issuer does if that is sooner.
   */
  public X509Certificate issue(Issuer issuer, IdentityName identity, PublicKey publicKey) {
    X509Certificate issuerCertificate = issuer.certificate();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant notBefore =
        max(now.minus(CLOCK_SKEW_ALLOWANCE), issuerCertificate.getNotBefore().toInstant());
    Instant notAfter = min(now.plus(leafLifetime), issuerCertificate.getNotAfter().toInstant());
    // A CN holds at most 64 characters (RFC 5280's ub-common-name); a longer name, such as the
    // control plane's own, is carried by the SANs alone, which peers check anyway. An empty subject
    // makes the SAN extension critical (RFC 5280, 4.1.2.6).
    boolean named = identity.name().length() <= MAX_COMMON_NAME;
    X500Name subject =
        named
            ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, identity.name()).build()
            : new X500Name(new RDN[0]);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerCertificate,
              CaCertificates.serial(random),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.subjectAlternativeName,
          !named,
          new DERSequence(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, identity.name()),
                new GeneralName(GeneralName.uniformResourceIdentifier, identity.spiffeId())
              }));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(issuerCertificate));
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(CaCertificates.signer(issuer.key())));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a leaf for " + identity, e);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

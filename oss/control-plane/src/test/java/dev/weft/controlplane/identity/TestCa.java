package dev.weft.controlplane.identity;

import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.Issuer;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** An in-memory root and issuer, and PKIX validation the way a TLS peer would do it. */
public record TestCa(KeyPair rootKeys, X509Certificate root, Issuer issuer) {
  public static TestCa create(Instant now) {
    SecureRandom random = new SecureRandom();
    KeyPair rootKeys = CaCertificates.newP256KeyPair(random);
    X509Certificate root = CaCertificates.newRoot(rootKeys, "cluster.local", now, random);
    KeyPair issuerKeys = CaCertificates.newP256KeyPair(random);
    X509Certificate issuer =
        CaCertificates.newIssuer(
            issuerKeys.getPublic(), root, rootKeys.getPrivate(), "cluster.local", now, random);
    return new TestCa(rootKeys, root, new Issuer(issuerKeys.getPrivate(), List.of(issuer)));
  }

  public CaSnapshot snapshot() {
    return new CaSnapshot(issuer, List.of(root));
  }

  /**
   * Validates {@code leaf} plus {@code intermediates} against {@code anchors} at {@code at}; throws
   * if the chain does not verify.
   */
  public static PKIXCertPathValidatorResult validate(
      X509Certificate leaf,
      List<X509Certificate> intermediates,
      List<X509Certificate> anchors,
      Instant at)
      throws Exception {
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    path.addAll(intermediates);
    Set<TrustAnchor> trust = new java.util.HashSet<>();
    for (X509Certificate anchor : anchors) {
      trust.add(new TrustAnchor(anchor, null));
    }
    PKIXParameters parameters = new PKIXParameters(trust);
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    return (PKIXCertPathValidatorResult)
        CertPathValidator.getInstance("PKIX")
            .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
  }

  /** Decodes a DER certificate as it arrives in a CertifyResponse. */
  public static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (java.security.cert.CertificateException e) {
      throw new AssertionError("not a DER certificate", e);
    }
  }
}

package dev.weft.controlplane.fleet;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.api.fleet.v1.IdentityProofText;
import dev.weft.spi.identity.CertificateIdentity;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a heartbeat's {@code identity_proof} ({@code inventory.proto}): the chain leads to one of
 * the mesh's trust anchors now, its leaf's DNS name is the heartbeat's {@code identity}, the leaf's
 * key signed the proof text, and it was signed within {@link #SKEW} of this clock. Thread-safe.
 */
public final class IdentityProofCheck {
  static final Duration SKEW = Duration.ofMinutes(5);
  static final int MAX_CHAIN = 4;

  /**
   * What a heartbeat proved.
   *
   * @param verified whether its identity was proven
   * @param problem why a proof it carried was refused; null when verified or when it carried none
   */
  record Verdict(boolean verified, String problem) {
    static final Verdict VERIFIED = new Verdict(true, null);
    static final Verdict UNPROVEN = new Verdict(false, null);

    static Verdict refused(String problem) {
      return new Verdict(false, problem);
    }
  }

  private final Supplier<List<X509Certificate>> anchors;
  private final Clock clock;

  /**
   * @param anchors the mesh's trust anchors now (the CA's roots), read at each check
   */
  public IdentityProofCheck(Supplier<List<X509Certificate>> anchors, Clock clock) {
    this.anchors = requireNonNull(anchors, "anchors");
    this.clock = requireNonNull(clock, "clock");
  }

  Verdict check(Heartbeat heartbeat) {
    if (!heartbeat.hasIdentityProof()) {
      return Verdict.UNPROVEN;
    }
    IdentityProof proof = heartbeat.getIdentityProof();
    if (heartbeat.getIdentity().isEmpty()) {
      return Verdict.refused("identity_proof: the heartbeat names no identity to prove");
    }
    int length = proof.getChainCount();
    if (length == 0 || length > MAX_CHAIN) {
      return Verdict.refused(
          "identity_proof.chain: " + length + " certificates (expected: 1 to " + MAX_CHAIN + ")");
    }
    Instant now = clock.instant();
    Instant signedAt = Instant.ofEpochSecond(proof.getSignedAt().getSeconds());
    if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0) {
      return Verdict.refused(
          "identity_proof.signed_at: "
              + signedAt
              + " is more than "
              + SKEW.toMinutes()
              + " minutes from the control plane's clock ("
              + now
              + ")");
    }
    List<X509Certificate> chain = new ArrayList<>(length);
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (int i = 0; i < length; i++) {
        ByteString der = proof.getChain(i);
        try {
          chain.add(
              (X509Certificate)
                  x509.generateCertificate(new ByteArrayInputStream(der.toByteArray())));
        } catch (CertificateException | ClassCastException e) {
          return Verdict.refused("identity_proof.chain[" + i + "]: not a DER X.509 certificate");
        }
      }
      Set<TrustAnchor> roots = new HashSet<>();
      anchors.get().forEach(root -> roots.add(new TrustAnchor(root, null)));
      if (roots.isEmpty()) {
        return Verdict.refused("identity_proof: the control plane holds no trust anchors yet");
      }
      PKIXParameters pkix = new PKIXParameters(roots);
      pkix.setRevocationEnabled(false);
      pkix.setDate(Date.from(now));
      try {
        CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(chain), pkix);
      } catch (CertPathValidatorException e) {
        return Verdict.refused(
            "identity_proof.chain: does not lead to the mesh's trust anchors now: "
                + e.getMessage());
      }
      X509Certificate leaf = chain.getFirst();
      String named = CertificateIdentity.of(leaf);
      if (!heartbeat.getIdentity().equals(named)) {
        return Verdict.refused(
            "identity_proof: the certificate names "
                + (named == null ? "no identity" : named)
                + ", not the heartbeat's identity "
                + heartbeat.getIdentity());
      }
      Signature signature = Signature.getInstance(IdentityProofText.ALGORITHM);
      signature.initVerify(leaf.getPublicKey());
      signature.update(IdentityProofText.of(heartbeat, proof.getSignedAt().getSeconds()));
      boolean valid;
      try {
        valid = signature.verify(proof.getSignature().toByteArray());
      } catch (GeneralSecurityException e) {
        valid = false; // a malformed signature is as wrong as a false one
      }
      return valid
          ? Verdict.VERIFIED
          : Verdict.refused("identity_proof.signature: does not verify with the certificate's key");
    } catch (GeneralSecurityException e) {
      return Verdict.refused("identity_proof: cannot be checked: " + e.getMessage());
    }
  }
}

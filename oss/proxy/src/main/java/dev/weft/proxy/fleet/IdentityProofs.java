package dev.weft.proxy.fleet;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.api.fleet.v1.IdentityProofText;
import dev.weft.proxy.identity.WorkloadIdentity;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Proves a heartbeat's identity with the proxy's workload certificate: the chain and a signature by
 * its key over the proof text that {@code inventory.proto} defines.
 */
public final class IdentityProofs {
  private IdentityProofs() {}

  /**
   * Proofs by {@code identity}, signed at {@code clock}'s time; none until it holds a certificate.
   */
  public static Function<Heartbeat, Optional<IdentityProof>> by(
      WorkloadIdentity identity, Clock clock) {
    return heartbeat -> {
      long signedAt = clock.instant().getEpochSecond();
      return identity
          .sign(IdentityProofText.ALGORITHM, IdentityProofText.of(heartbeat, signedAt))
          .map(signed -> proof(signed, signedAt));
    };
  }

  /** No proof: a proxy without an identity. */
  public static Function<Heartbeat, Optional<IdentityProof>> none() {
    return heartbeat -> Optional.empty();
  }

  private static IdentityProof proof(WorkloadIdentity.Signed signed, long signedAt) {
    IdentityProof.Builder b =
        IdentityProof.newBuilder()
            .setSignedAt(Timestamp.newBuilder().setSeconds(signedAt))
            .setSignature(ByteString.copyFrom(signed.signature()));
    for (X509Certificate certificate : signed.chain()) {
      try {
        b.addChain(ByteString.copyFrom(certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("the identity certificate cannot be encoded", e);
      }
    }
    return b.build();
  }
}

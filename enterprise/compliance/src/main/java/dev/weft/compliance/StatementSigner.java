package dev.weft.compliance;

import dev.weft.attest.AttestationVerifier;
import dev.weft.attest.Dsse;
import dev.weft.attest.EcKeys;
import dev.weft.attest.Envelope;
import dev.weft.attest.EnvelopeSignature;
import dev.weft.attest.SigstoreBundle;
import dev.weft.attest.Statement;
import dev.weft.attest.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.Objects;

/**
 * Signs statements into Sigstore bundles with a key: a DSSE envelope (in-toto payload type) whose
 * signature is SHA256withECDSA over the DSSE PAE, the key named by its id. Thread-safe.
 */
public final class StatementSigner {
  private final SigningKey key;

  public StatementSigner(SigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  public SigstoreBundle sign(Statement statement) {
    byte[] payload = statement.toJson();
    byte[] sig;
    try {
      Signature s = Signature.getInstance(EcKeys.SIGNATURE_ALGORITHM);
      s.initSign(key.privateKey());
      s.update(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
      sig = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed: " + e.getMessage(), e);
    }
    String keyId = key.keyId();
    SigstoreBundle bundle =
        new SigstoreBundle(
            keyId,
            new Envelope(
                Dsse.IN_TOTO_PAYLOAD_TYPE, payload, List.of(new EnvelopeSignature(keyId, sig))));
    // What is handed out must verify as the verifier will check it: a key whose public half was
    // derived wrongly would otherwise produce bundles nobody can verify.
    try {
      new AttestationVerifier(key.publicKey())
          .verify(bundle.toJson().getBytes(StandardCharsets.UTF_8), null, null);
    } catch (VerificationException e) {
      throw new IllegalStateException(
          "a bundle just signed does not verify (" + e.reason() + ": " + e.getMessage() + ")", e);
    }
    return bundle;
  }
}

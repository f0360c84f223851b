package dev.weft.attest;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Verifies a Sigstore bundle against a public key, offline: no certificate, transparency log or
 * network is involved. Stateless and thread-safe.
 *
 * <p>The order of the checks is part of the contract: the bundle's structure, then the key named by
 * its hint, then the signature over the DSSE PAE; only a payload whose signature verifies is read
 * as a statement, whose predicate type and subject are compared last.
 */
public final class AttestationVerifier {
  private final PublicKey key;
  private final String keyId;

  public AttestationVerifier(PublicKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.keyId = KeyIds.of(key);
  }

  /** The id of the key this verifier trusts (what a bundle's hint must name). */
  public String keyId() {
    return keyId;
  }

  /**
   * @param bundleJson the bundle as read from its file
   * @param subject the subject the statement must be about (a file's digest); null: any
   * @param predicateType the predicate type the statement must have; null: any
   * @return the verified statement
   * @throws VerificationException with the reason of the first check that failed
   */
  public Statement verify(byte[] bundleJson, Subject subject, String predicateType)
      throws VerificationException {
    SigstoreBundle bundle = SigstoreBundle.parse(bundleJson);
    if (bundle.keyHint() != null && !bundle.keyHint().equalsIgnoreCase(keyId)) {
      throw new VerificationException(
          FailureReason.WRONG_KEY,
          "the bundle was signed with key "
              + bundle.keyHint()
              + ", not with the key given ("
              + keyId
              + ")");
    }
    Envelope envelope = bundle.envelope();
    if (!signatureVerifies(envelope)) {
      throw new VerificationException(
          FailureReason.SIGNATURE_INVALID,
          "the signature does not verify with key "
              + keyId
              + ": the payload or its signature was changed after signing");
    }
    if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw VerificationException.malformed(
          "dsseEnvelope.payloadType",
          "'" + envelope.payloadType() + "' (expected: " + Dsse.IN_TOTO_PAYLOAD_TYPE + ")");
    }
    Statement statement = Statement.parse(envelope.payload(), "dsseEnvelope.payload");
    if (predicateType != null && !predicateType.equals(statement.predicate().type())) {
      throw new VerificationException(
          FailureReason.PREDICATE_TYPE_MISMATCH,
          "the statement's predicate type is "
              + statement.predicate().type()
              + " (expected: "
              + predicateType
              + ")");
    }
    if (subject != null) {
      checkSubject(statement, subject);
    }
    return statement;
  }

  private boolean signatureVerifies(Envelope envelope) {
    byte[] pae = envelope.pae();
    for (EnvelopeSignature s : envelope.signatures()) {
      try {
        Signature v = Signature.getInstance(EcKeys.SIGNATURE_ALGORITHM);
        v.initVerify(key);
        v.update(pae);
        if (v.verify(s.sig())) {
          return true;
        }
      } catch (SignatureException e) {
        // Not a DER ECDSA signature at all: it does not verify, like a wrong one.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "this JDK cannot verify " + EcKeys.SIGNATURE_ALGORITHM + ": " + e.getMessage(), e);
      }
    }
    return false;
  }

  private static void checkSubject(Statement statement, Subject expected)
      throws VerificationException {
    String want = expected.sha256().toLowerCase(Locale.ROOT);
    for (Subject s : statement.subjects()) {
      if (want.equals(s.sha256())) {
        return;
      }
    }
    String attested =
        statement.subjects().stream()
            .map(s -> describe(s.name(), s.sha256()))
            .collect(Collectors.joining(", "));
    throw new VerificationException(
        FailureReason.SUBJECT_DIGEST_MISMATCH,
        "the file " + describe(expected.name(), want) + " is not the attested subject " + attested);
  }

  private static String describe(String name, String sha256) {
    return (name.isEmpty() ? "" : name + " ")
        + (sha256 == null ? "(no sha256 digest)" : "sha256:" + sha256);
  }
}

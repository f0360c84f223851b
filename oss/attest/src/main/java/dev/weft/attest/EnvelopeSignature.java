package dev.weft.attest;

import java.util.Objects;

/**
 * One DSSE signature: the signature bytes (for ECDSA, ASN.1 DER) and the id of the key that made it
 * (may be empty).
 */
public record EnvelopeSignature(String keyId, byte[] sig) {
  public EnvelopeSignature {
    keyId = keyId == null ? "" : keyId;
    sig = Objects.requireNonNull(sig, "sig").clone();
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }
}

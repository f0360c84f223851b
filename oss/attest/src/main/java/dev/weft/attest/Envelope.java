package dev.weft.attest;

import java.util.List;
import java.util.Objects;

/** A DSSE envelope: a payload of a given type and the signatures over its {@link Dsse#pae PAE}. */
public record Envelope(String payloadType, byte[] payload, List<EnvelopeSignature> signatures) {
  public Envelope {
    Objects.requireNonNull(payloadType, "payloadType");
    payload = Objects.requireNonNull(payload, "payload").clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The bytes each signature is over. */
  public byte[] pae() {
    return Dsse.pae(payloadType, payload);
  }
}

package dev.weft.attest;

/** Why an attestation did not verify; each has its own line in {@code weft compliance verify}. */
public enum FailureReason {
  /** The bundle or its statement is not what the format requires; the message names the field. */
  MALFORMED,
  /** The signature does not verify over the envelope with the given key: the payload changed. */
  SIGNATURE_INVALID,
  /** The bundle names another key (its public-key hint) than the one given to verify with. */
  WRONG_KEY,
  /** The statement's subject is not the file given; the message names both digests. */
  SUBJECT_DIGEST_MISMATCH,
  /** The statement attests something else than the predicate type asked for. */
  PREDICATE_TYPE_MISMATCH
}

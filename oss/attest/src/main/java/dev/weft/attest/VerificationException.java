package dev.weft.attest;

import java.util.Objects;

/** An attestation that did not verify, with its reason and a message naming what is wrong. */
public final class VerificationException extends Exception {
  private final FailureReason reason;

  public VerificationException(FailureReason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * A {@link FailureReason#MALFORMED} failure naming {@code field} (dotted, e.g. {@code a.b[0]}).
   */
  public static VerificationException malformed(String field, String problem) {
    return new VerificationException(FailureReason.MALFORMED, field + ": " + problem);
  }

  public FailureReason reason() {
    return reason;
  }
}

package dev.weft.controlplane.identity.local;

/** A rotation step asked for out of order; the local API answers 409. */
public final class RotationConflictException extends Exception {
  private final RotationPhase phase;

  RotationConflictException(RotationPhase phase, String step) {
    super(
        step
            + " is not allowed in phase "
            + phase.label()
            + " (expected: "
            + phase.next()
            + " next; the order is add-root, move-issuer, drop-old-roots)");
    this.phase = phase;
  }

  public RotationPhase phase() {
    return phase;
  }
}

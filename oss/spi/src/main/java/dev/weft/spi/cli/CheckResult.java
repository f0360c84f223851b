package dev.weft.spi.cli;

import java.util.Objects;

/**
 * One line of {@code weft check}: what was checked, how it went and, unless it passed, what to do.
 * Immutable.
 *
 * @param description what was checked, phrased as what should hold, e.g. {@code the license is
 *     valid}
 * @param status how it went
 * @param hint what to do about a warning or failure (printed indented under it), or null
 */
public record CheckResult(String description, Status status, String hint) {
  /** The outcome of a check. */
  public enum Status {
    /** It holds. */
    PASS,
    /** Worth attention, but {@code weft check} still succeeds. */
    WARN,
    /** It does not hold: {@code weft check} exits 1. */
    FAIL
  }

  public CheckResult {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(status, "status");
  }

  public static CheckResult pass(String description) {
    return new CheckResult(description, Status.PASS, null);
  }

  public static CheckResult warn(String description, String hint) {
    return new CheckResult(description, Status.WARN, hint);
  }

  public static CheckResult fail(String description, String hint) {
    return new CheckResult(description, Status.FAIL, hint);
  }
}

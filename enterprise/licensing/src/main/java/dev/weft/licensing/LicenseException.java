package dev.weft.licensing;

import java.util.Objects;

/** A license key that cannot be used, with the {@link LicenseProblem} and a one-line message. */
public final class LicenseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final LicenseProblem problem;

  public LicenseException(LicenseProblem problem, String message) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public LicenseProblem problem() {
    return problem;
  }
}

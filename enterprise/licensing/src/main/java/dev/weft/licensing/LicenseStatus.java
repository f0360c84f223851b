package dev.weft.licensing;

/**
 * The result of verifying a license key.
 *
 * @param license the license when it can be used (valid, or expired within the grace period); null
 *     when it cannot
 * @param problem why it cannot be used; null when it can
 * @param message one line for an operator, naming the detail (field, key id, date)
 * @param inGrace expired but within the grace period: features keep working, with a warning
 */
public record LicenseStatus(
    License license, LicenseProblem problem, String message, boolean inGrace) {

  static LicenseStatus refused(LicenseProblem problem, String message) {
    return new LicenseStatus(null, problem, message, false);
  }

  /** Whether the license can be used (valid, or in its grace period). */
  public boolean usable() {
    return problem == null;
  }
}

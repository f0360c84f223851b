package dev.weft.licensing;

import dev.weft.spi.Availability;

/**
 * Whether a feature may be used under the configured license.
 *
 * @param entitled whether the feature may be used
 * @param problem why not; null when entitled
 * @param reason one line for an operator: why not, or the warning when entitled with one
 * @param warning entitled, but something needs attention (the license expired and is in its grace
 *     period)
 */
public record Entitlement(
    boolean entitled, LicenseProblem problem, String reason, boolean warning) {

  /** For a {@link dev.weft.spi.Plugin}: unavailable with the reason when not entitled. */
  public Availability availability() {
    if (!entitled) {
      return Availability.unavailable(reason);
    }
    return warning ? new Availability(true, reason) : Availability.AVAILABLE;
  }
}

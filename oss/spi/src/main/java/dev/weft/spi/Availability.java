package dev.weft.spi;

import java.util.Objects;

/**
 * Whether a {@link Plugin} can run, and if not, why, in words an operator can act on ("license
 * expired on 2026-10-01", "feature hazl is not in tier free").
 *
 * @param available whether the plugin can run
 * @param reason why it cannot; empty when it can
 */
public record Availability(boolean available, String reason) {
  public static final Availability AVAILABLE = new Availability(true, "");

  public Availability {
    Objects.requireNonNull(reason, "reason");
    if (!available && reason.isBlank()) {
      throw new IllegalArgumentException("reason: blank (expected: why the plugin cannot run)");
    }
  }

  public static Availability unavailable(String reason) {
    return new Availability(false, reason);
  }
}

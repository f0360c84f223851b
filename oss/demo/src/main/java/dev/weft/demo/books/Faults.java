package dev.weft.demo.books;

import java.time.Duration;

/**
 * What a books replica does wrong on purpose, so that the mesh has something to cope with: {@code
 * delay} added to every answer (a slow replica), and a share {@code failRatio} of requests answered
 * {@code failStatus} at once, before any work (a failing one).
 */
public record Faults(Duration delay, double failRatio, int failStatus) {
  public static final Faults NONE = new Faults(Duration.ZERO, 0, 503);

  public Faults {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay " + delay + " (expected: >= 0)");
    }
    if (!(failRatio >= 0 && failRatio <= 1)) {
      throw new IllegalArgumentException("fail ratio " + failRatio + " (expected: 0..1)");
    }
    if (failStatus < 400 || failStatus > 599) {
      throw new IllegalArgumentException("fail status " + failStatus + " (expected: 400..599)");
    }
  }

  /** Whether a request fails, given a uniform draw in [0, 1). */
  boolean fails(double draw) {
    return draw < failRatio;
  }

  @Override
  public String toString() {
    if (equals(NONE)) {
      return "none";
    }
    return "delay "
        + delay.toMillis()
        + " ms, "
        + failRatio
        + " of requests answered "
        + failStatus;
  }
}

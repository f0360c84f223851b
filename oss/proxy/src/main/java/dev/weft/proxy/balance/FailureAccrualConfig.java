package dev.weft.proxy.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link FailureAccrual} ejects an endpoint, and for how long. Immutable.
 *
 * @param failures consecutive failures that eject an endpoint; >= 1
 * @param minBackoff how long the first ejection lasts; > 0
 * @param maxBackoff the longest ejection; >= minBackoff
 * @param jitter whether each ejection lasts a random time between its backoff and 1.5 x it (capped
 *     at maxBackoff), so that proxies that ejected an endpoint together do not probe it together
 */
public record FailureAccrualConfig(
    int failures, Duration minBackoff, Duration maxBackoff, boolean jitter) {
  /** 7 failures, 1 s to 60 s, with jitter. */
  public static final FailureAccrualConfig DEFAULT =
      new FailureAccrualConfig(7, Duration.ofSeconds(1), Duration.ofSeconds(60), true);

  public FailureAccrualConfig {
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (failures < 1) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
    }
    if (minBackoff.isNegative() || minBackoff.isZero()) {
      throw new IllegalArgumentException("minBackoff: " + minBackoff + " (expected: > 0)");
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff: " + maxBackoff + " (expected: >= minBackoff " + minBackoff + ")");
    }
  }
}

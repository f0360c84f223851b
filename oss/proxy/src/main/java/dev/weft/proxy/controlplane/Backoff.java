package dev.weft.proxy.controlplane;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each delay is drawn from the upper half of a window that doubles
 * from {@code initial} up to {@code max}, so proxies that lost the control plane together do not
 * come back in step. Not thread-safe; used by one refresh loop.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  public Duration next() {
    long window = initial.toMillis() << Math.min(failures, 20);
    window = Math.min(window, max.toMillis());
    failures++;
    long half = window / 2;
    return Duration.ofMillis(half + random.nextLong(window - half + 1));
  }

  public void reset() {
    failures = 0;
  }
}

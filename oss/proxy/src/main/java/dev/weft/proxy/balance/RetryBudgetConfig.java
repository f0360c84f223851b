package dev.weft.proxy.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * How many retries a {@link RetryBudget} allows. Immutable.
 *
 * @param ratio retries allowed per request, 0 to 1000 (0.2: one retry per five requests)
 * @param minRetriesPerSecond retries allowed even without requests, >= 0: a reserve of {@code
 *     minRetriesPerSecond x ttl} retries per window, so that a service with little traffic can
 *     still retry
 * @param ttl how long a request's deposit (and a retry's withdrawal) counts, 1 s to 60 s
 */
public record RetryBudgetConfig(double ratio, int minRetriesPerSecond, Duration ttl) {
  /** 20 % of requests, plus 10 retries a second, over 10 s: Finagle's defaults. */
  public static final RetryBudgetConfig DEFAULT =
      new RetryBudgetConfig(0.2, 10, Duration.ofSeconds(10));

  public RetryBudgetConfig {
    Objects.requireNonNull(ttl, "ttl");
    if (!(ratio >= 0 && ratio <= 1000)) {
      throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0 to 1000)");
    }
    if (minRetriesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minRetriesPerSecond: " + minRetriesPerSecond + " (expected: >= 0)");
    }
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: 1s to 60s)");
    }
  }
}

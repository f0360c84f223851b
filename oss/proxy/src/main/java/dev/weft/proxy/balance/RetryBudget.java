package dev.weft.proxy.balance;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Limits retries to a share of recent requests, as Finagle's {@code RetryBudget}: every request
 * {@link #deposit deposits}, every retry {@link #tryWithdraw withdraws}, and both count for {@code
 * ttl}. A retry is allowed while
 *
 * <pre>
 *   minRetriesPerSecond x ttl + ratio x requests in the window - retries in the window >= 1
 * </pre>
 *
 * <p>The arithmetic is in integer units as Finagle's (a deposit is 1000 units, a withdrawal {@code
 * round(1000 / ratio)}), so 100 requests at ratio 0.2 allow exactly 20 retries. The window moves in
 * steps of {@code ttl / 10}: a deposit stops counting between 0.9 and 1 ttl after it was made.
 *
 * <p>Thread-safe and lock-free: each call is one compare-and-set on a time-bucketed counter (no
 * allocation), so it sits on the request path of every event loop. Racing withdrawals may overdraw
 * the budget by at most one retry per racing thread.
 */
public final class RetryBudget {
  private static final int SLICES = 10;
  private static final long DEPOSIT_UNITS = 1000;
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final LongSupplier clock;
  private final long origin;
  private final long sliceNanos;
  private final long depositUnits;
  private final long withdrawalUnits;
  private final long reserveUnits;
  // Each slot packs (slice number mod 2^32) << 32 | count; a slot left from an older slice counts
  // 0.
  private final AtomicLongArray deposits = new AtomicLongArray(SLICES);
  private final AtomicLongArray withdrawals = new AtomicLongArray(SLICES);

  /**
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  public RetryBudget(RetryBudgetConfig config, LongSupplier clock) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.origin = clock.getAsLong();
    this.sliceNanos = config.ttl().toNanos() / SLICES;
    if (config.ratio() == 0) {
      depositUnits = 0;
      withdrawalUnits = 1;
    } else {
      depositUnits = DEPOSIT_UNITS;
      withdrawalUnits = Math.max(1, Math.round(DEPOSIT_UNITS / config.ratio()));
    }
    long reserveRetries = Math.round(config.minRetriesPerSecond() * (config.ttl().toNanos() / 1e9));
    this.reserveUnits = reserveRetries * withdrawalUnits;
  }

  /** Counts one request (the first try; not its retries). */
  public void deposit() {
    increment(deposits, slice());
  }

  /** Takes one retry from the budget if there is one; false means: do not retry. */
  public boolean tryWithdraw() {
    long slice = slice();
    if (units(slice) < withdrawalUnits) {
      return false;
    }
    increment(withdrawals, slice);
    return true;
  }

  /** Retries allowed now (for metrics and tests). */
  public long balance() {
    return Math.floorDiv(units(slice()), withdrawalUnits);
  }

  private long units(long slice) {
    return reserveUnits
        + depositUnits * sum(deposits, slice)
        - withdrawalUnits * sum(withdrawals, slice);
  }

  private long slice() {
    // The origin keeps slice numbers small and non-negative whatever the clock's origin.
    return Math.max(0, clock.getAsLong() - origin) / sliceNanos;
  }

  private static void increment(AtomicLongArray slots, long slice) {
    int i = (int) (slice % SLICES);
    long tag = slice & COUNT_MASK;
    while (true) {
      long v = slots.get(i);
      long next;
      if (v >>> 32 == tag) {
        long count = v & COUNT_MASK;
        next = count == COUNT_MASK ? v : v + 1;
      } else {
        next = tag << 32 | 1;
      }
      if (slots.compareAndSet(i, v, next)) {
        return;
      }
    }
  }

  private static long sum(AtomicLongArray slots, long slice) {
    long total = 0;
    for (int i = 0; i < SLICES; i++) {
      long v = slots.get(i);
      long age = (slice - (v >>> 32)) & COUNT_MASK;
      if (age < SLICES) {
        total += v & COUNT_MASK;
      }
    }
    return total;
  }
}

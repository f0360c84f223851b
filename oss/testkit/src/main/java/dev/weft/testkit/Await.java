package dev.weft.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it, within a bound: how tests wait for something to happen
 * without sleeping and hoping. The polling interval is not a wait for an event.
 */
public final class Await {
  private static final long POLL_NANOS = 10_000_000;

  private static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

  private Await() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after 30 seconds. */
  public static void until(BooleanSupplier condition, String what) {
    until(DEFAULT_BOUND, what, condition);
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} when the bound passes. */
  public static void until(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** As above, for a condition that may throw, described lazily (with the state it saw). */
  public static void until(Duration bound, Callable<Boolean> condition, Supplier<String> describe)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound + ": " + describe.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}

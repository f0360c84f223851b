package dev.weft.controlplane;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition by polling it, within a bound: how tests wait for something to happen
 * without sleeping and hoping. The polling interval is not a wait for an event.
 */
public final class Await {
  private static final long POLL_NANOS = 10_000_000;
  private static final Duration BOUND = Duration.ofSeconds(30);

  private Await() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after 30 seconds. */
  public static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + BOUND + ": " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}

package dev.weft.proxy.http1;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, within a bound. */
final class Await {
  private Await() {}

  static void until(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}

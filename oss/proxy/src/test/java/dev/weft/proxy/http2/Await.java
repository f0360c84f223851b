package dev.weft.proxy.http2;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Waits for a condition by polling it, up to a bound. */
final class Await {
  private Await() {}

  static void until(Duration bound, Callable<Boolean> condition, Supplier<String> describe)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + describe.get());
      }
      Thread.sleep(10); // polling interval, not a wait for an event
    }
  }
}

package dev.weft.proxy.balance;

import dev.weft.testkit.ManualClock;
import java.time.Instant;
import java.util.function.LongSupplier;

/** A {@link ManualClock} read as nanoseconds, the way the balancing code reads time. */
final class TestTime {
  private TestTime() {}

  static LongSupplier nanos(ManualClock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}

package dev.weft.proxy.balance;

import dev.weft.testkit.ManualClock;
import dev.weft.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Failure accrual's timer over a {@link ManualScheduler}: tasks run as the clock is moved. */
final class ManualTimer implements FailureAccrual.Timer {
  private final ManualClock clock;
  private final ManualScheduler scheduler;

  ManualTimer(ManualClock clock) {
    this.clock = clock;
    this.scheduler = new ManualScheduler(clock);
  }

  @Override
  public Runnable schedule(long delayNanos, Runnable task) {
    return scheduler.schedule(Duration.ofNanos(delayNanos), task);
  }

  /** Moves the clock forward by {@code d}, running each task at its own time on the way. */
  void advance(Duration d) {
    scheduler.advance(d);
  }

  /** The delays from now of the pending tasks, soonest first. */
  List<Duration> pending() {
    Instant now = clock.instant();
    return scheduler.pending().stream().map(at -> Duration.between(now, at)).toList();
  }
}

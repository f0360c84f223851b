package dev.weft.proxy.identity;

import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The refresh scheduler over the test kit's manual scheduler, so hours of certificate lifetime pass
 * in milliseconds and every step is deterministic.
 */
final class ManualScheduler implements RefreshScheduler {
  private final dev.weft.testkit.ManualScheduler scheduler;
  private boolean closed;

  ManualScheduler(ManualClock clock) {
    this.scheduler = new dev.weft.testkit.ManualScheduler(clock);
  }

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    if (!closed) {
      scheduler.schedule(delay, task);
    }
  }

  /** Runs the work due now. */
  void runDue() {
    scheduler.runDue();
  }

  /** Moves the clock forward by {@code d}, running each task at its own time on the way. */
  void advance(Duration d) {
    scheduler.advance(d);
  }

  /** When pending work is due, earliest first. */
  List<Instant> pending() {
    return scheduler.pending();
  }

  @Override
  public synchronized void close() {
    closed = true;
    scheduler.clear();
  }
}

package dev.weft.proxy.identity;

import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs scheduled refresh work on the test's thread as a {@link ManualClock} is moved forward, so
 * hours of certificate lifetime pass in milliseconds and every step is deterministic.
 */
final class ManualScheduler implements RefreshScheduler {
  private record Task(Instant at, long seq, Runnable work) {}

  private final ManualClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::seq));
  private long seq;
  private boolean closed;

  ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    if (!closed) {
      queue.add(new Task(clock.instant().plus(delay), seq++, task));
    }
  }

  /** Runs the work due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code d}, running each task at its own time on the way. */
  void advance(Duration d) {
    Instant target = clock.instant().plus(d);
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.at().isAfter(target)) {
          break;
        }
        queue.poll();
      }
      if (next.at().isAfter(clock.instant())) {
        clock.set(next.at());
      }
      next.work().run();
    }
    clock.set(target);
  }

  /** When pending work is due, earliest first. */
  synchronized List<Instant> pending() {
    List<Instant> at = new ArrayList<>();
    queue.stream().sorted(queue.comparator()).forEach(t -> at.add(t.at()));
    return at;
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}

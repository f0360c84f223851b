package dev.weft.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Scheduled work run on the test's thread as a {@link ManualClock} is moved forward: each task runs
 * at its own time on the way, with the clock set to that time, so hours pass in milliseconds and
 * every step is deterministic. Code under test schedules through an adapter of its own scheduler
 * interface.
 */
public final class ManualScheduler {
  private record Task(Instant at, long seq, Runnable work) {}

  private final ManualClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::seq));
  private long seq;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /** Runs {@code work} after {@code delay}; returns what cancels it. */
  public synchronized Runnable schedule(Duration delay, Runnable work) {
    Task t = new Task(clock.instant().plus(delay), seq++, work);
    queue.add(t);
    return () -> {
      synchronized (this) {
        queue.remove(t);
      }
    };
  }

  /** Runs the work due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock forward by {@code d}, running each task at its own time on the way. */
  public void advance(Duration d) {
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
  public synchronized List<Instant> pending() {
    List<Instant> at = new ArrayList<>();
    queue.stream().sorted(queue.comparator()).forEach(t -> at.add(t.at()));
    return at;
  }

  /** Drops every pending task. */
  public synchronized void clear() {
    queue.clear();
  }
}

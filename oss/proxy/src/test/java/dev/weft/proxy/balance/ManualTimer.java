package dev.weft.proxy.balance;

import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Runs timer tasks on the test's thread as a {@link ManualClock} is moved forward. */
final class ManualTimer implements FailureAccrual.Timer {
  private record Task(Instant at, long seq, Runnable work, boolean[] cancelled) {}

  private final ManualClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::seq));
  private long seq;

  ManualTimer(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Runnable schedule(long delayNanos, Runnable task) {
    Task t = new Task(clock.instant().plusNanos(delayNanos), seq++, task, new boolean[1]);
    queue.add(t);
    return () -> {
      synchronized (this) {
        t.cancelled()[0] = true;
        queue.remove(t);
      }
    };
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

  /** The delays from now of the pending tasks, soonest first. */
  synchronized List<Duration> pending() {
    List<Duration> out = new ArrayList<>();
    Instant now = clock.instant();
    queue.stream().sorted(queue.comparator()).forEach(t -> out.add(Duration.between(now, t.at())));
    return out;
  }
}

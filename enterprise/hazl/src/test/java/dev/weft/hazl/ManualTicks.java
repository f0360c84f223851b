package dev.weft.hazl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ticks a test runs by hand: records what a balancer schedules, runs it when told. */
final class ManualTicks implements TickScheduler {
  final List<Duration> periods = new ArrayList<>();
  final List<Runnable> periodic = new ArrayList<>();
  final List<Runnable> pending = new ArrayList<>();
  int cancelled;

  @Override
  public synchronized Runnable every(Duration period, Runnable tick) {
    periods.add(period);
    periodic.add(tick);
    return () -> {
      synchronized (this) {
        if (periodic.remove(tick)) {
          cancelled++;
        }
      }
    };
  }

  @Override
  public synchronized void execute(Runnable tick) {
    pending.add(tick);
  }

  /** Runs the ticks asked for at once; how many there were. */
  int runPending() {
    List<Runnable> now;
    synchronized (this) {
      now = List.copyOf(pending);
      pending.clear();
    }
    now.forEach(Runnable::run);
    return now.size();
  }

  /** Runs the periodic ticks once. */
  void runPeriodic() {
    List<Runnable> now;
    synchronized (this) {
      now = List.copyOf(periodic);
    }
    now.forEach(Runnable::run);
  }
}

package dev.weft.hazl;

import java.time.Duration;

/**
 * Where HAZL balancers run their ticks: one thread for all of them, so that a balancer's band logic
 * never runs on an event loop and never twice at once. Tests give their own to run ticks by hand.
 */
interface TickScheduler {
  /** Runs {@code tick} every {@code period} from now on; returns what cancels it. */
  Runnable every(Duration period, Runnable tick);

  /** Runs {@code tick} soon, once. Does not block. */
  void execute(Runnable tick);
}

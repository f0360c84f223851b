package dev.weft.hazl;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One daemon thread, started at the first balancer, that runs every HAZL balancer's ticks. A daemon
 * because the balancers are closed by the proxy but the provider never is.
 */
final class DaemonTickScheduler implements TickScheduler {
  private static final Logger LOG = Logger.getLogger(DaemonTickScheduler.class.getName());

  private ScheduledThreadPoolExecutor executor; // guarded by this

  private synchronized ScheduledThreadPoolExecutor executor() {
    if (executor == null) {
      executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "weft-hazl-tick");
                t.setDaemon(true);
                return t;
              });
      // Closed balancers' ticks leave the queue at once instead of at their next time.
      executor.setRemoveOnCancelPolicy(true);
    }
    return executor;
  }

  @Override
  public Runnable every(Duration period, Runnable tick) {
    long nanos = period.toNanos();
    ScheduledFuture<?> f =
        executor().scheduleWithFixedDelay(guarded(tick), nanos, nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable tick) {
    executor().execute(guarded(tick));
  }

  /**
   * A periodic task that throws is never run again: a bug in one tick must not stop the balancer
   * from following its zones, so it is logged and the next tick runs.
   */
  private static Runnable guarded(Runnable tick) {
    return () -> {
      try {
        tick.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "hazl tick failed; the next one will run", e);
      }
    };
  }
}

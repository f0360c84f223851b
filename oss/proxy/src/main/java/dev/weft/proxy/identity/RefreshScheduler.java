package dev.weft.proxy.identity;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the identity's refresh work (certification, trust bundle checks) later. The proxy uses one
 * daemon thread, which may block on files and on the control plane, never on the data path; tests
 * substitute a scheduler driven by a manual clock.
 */
interface RefreshScheduler extends AutoCloseable {
  void schedule(Duration delay, Runnable task);

  @Override
  void close();

  static RefreshScheduler daemon(String threadName) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(threadName).factory());
    return new RefreshScheduler() {
      @Override
      public void schedule(Duration delay, Runnable task) {
        try {
          executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
          // Closed meanwhile: the identity is going away, so is its refresh work.
        }
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}

package dev.weft.proxy.controlplane;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the callbacks of the proxy's gRPC calls to the control plane, and for the
 * work those callbacks schedule.
 *
 * <p>gRPC hands each response message to its call's executor, and the message holds network buffers
 * until its callback reads or discards it; a task the executor dropped would keep them forever. So
 * {@link #close} never drops one: tasks already given still run (their owners see that they are
 * closed and only let go), a task given afterwards runs at once on the caller's thread, and only
 * delayed tasks, which hold no message, are dropped. Thread-safe.
 */
public final class CallbackThread implements Executor, AutoCloseable {
  private final ScheduledThreadPoolExecutor thread;
  private volatile boolean closed;

  /** Starts the thread, named {@code name}. */
  public CallbackThread(String name) {
    Objects.requireNonNull(name, "name");
    thread = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name(name).factory());
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    thread.setRemoveOnCancelPolicy(true);
  }

  /** Runs {@code task} on the thread; once closed, on the caller's thread. */
  @Override
  public void execute(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
      task.run();
    }
  }

  /**
   * Runs {@code task} on the thread after {@code delay}, unless closed by then; returns its future
   * (to cancel it), or null when already closed.
   */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return thread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
      return null;
    }
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Drops the delayed tasks, lets the given ones finish, and stops the thread after them. */
  @Override
  public void close() {
    closed = true;
    thread.shutdown();
  }

  /** Waits up to {@code timeout} for the tasks given before {@link #close} to finish. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}

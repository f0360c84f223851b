package dev.weft.proxy.outbound;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one request to a discovered service, on its event loop: the request timeout (start
 * to response headers, across tries), the per-try timeout (a try's send to its response headers)
 * and the response timeout (end of request to end of response, per try). Each runs its task once
 * unless cancelled first. Confined to the request's event loop.
 */
public final class TryTimers {
  private final EventExecutor loop;
  private ScheduledFuture<?> request;
  private ScheduledFuture<?> perTry;
  private ScheduledFuture<?> response;

  public TryTimers(EventExecutor loop) {
    this.loop = loop;
  }

  /** Starts the request timeout, if there is one. */
  public void request(Duration timeout, Runnable expired) {
    if (timeout != null) {
      request = loop.schedule(expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Starts the current try's timeout, if there is one. */
  public void perTry(Duration timeout, Runnable expired) {
    cancel(perTry);
    perTry =
        timeout == null ? null : loop.schedule(expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts the current try's response timeout, if there is one and it is not running. */
  public void response(Duration timeout, Runnable expired) {
    if (timeout != null && response == null) {
      response = loop.schedule(expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** The response headers arrived: the request and per-try timeouts are over. */
  public void headers() {
    cancel(request);
    cancel(perTry);
  }

  /** The try was abandoned: its own timers stop. */
  public void tryEnded() {
    cancel(perTry);
    cancel(response);
    perTry = null;
    response = null;
  }

  /** The request ended: every timer stops. */
  public void cancelAll() {
    cancel(request);
    cancel(perTry);
    cancel(response);
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }
}

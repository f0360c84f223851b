package dev.weft.proxy.balance;

import java.util.random.RandomGenerator;

/**
 * The failure-accrual state of one endpoint. Not thread-safe: {@link FailureAccrual} holds its
 * monitor around every use, so each endpoint has its own tiny lock.
 */
final class AccrualState {
  private enum Mode {
    HEALTHY,
    EJECTED,
    PROBING
  }

  private Mode mode = Mode.HEALTHY;
  private int consecutiveFailures;

  /** Ejections since the endpoint was last healthy; sets the backoff. */
  private int ejections;

  /** Tells a timer of an earlier ejection that it is stale. */
  long generation;

  long ejectedUntil;
  Runnable cancel;

  boolean ejected() {
    return mode == Mode.EJECTED;
  }

  /**
   * Counts a failure; true when it ejects the endpoint (the caller then sets the backoff). A
   * probing endpoint is ejected by its first failure; an ejected one stays as it is.
   */
  boolean failure(int threshold) {
    switch (mode) {
      case EJECTED -> {
        return false;
      }
      case PROBING -> {}
      case HEALTHY -> {
        if (++consecutiveFailures < threshold) {
          return false;
        }
      }
    }
    mode = Mode.EJECTED;
    ejections++;
    generation++;
    return true;
  }

  /** The backoff of the ejection just made: min x 2^(ejections - 1), capped, maybe jittered. */
  long nextBackoff(FailureAccrualConfig config, RandomGenerator random) {
    long min = config.minBackoff().toNanos();
    long max = config.maxBackoff().toNanos();
    int doublings = Math.min(ejections - 1, 62);
    long backoff = min > (max >> doublings) ? max : Math.min(max, min << doublings);
    if (config.jitter()) {
      long spread = Math.min(backoff / 2, max - backoff);
      backoff += spread > 0 ? random.nextLong(spread + 1) : 0;
    }
    return backoff;
  }

  /** A success; true when it ends an ejection (the available set changes). */
  boolean success() {
    boolean wasEjected = mode == Mode.EJECTED;
    cancelTimer();
    mode = Mode.HEALTHY;
    consecutiveFailures = 0;
    ejections = 0;
    if (wasEjected) {
      generation++;
    }
    return wasEjected;
  }

  /** The backoff of ejection {@code gen} ended; true when the endpoint is now probing. */
  boolean probe(long gen) {
    if (mode != Mode.EJECTED || gen != generation) {
      return false;
    }
    mode = Mode.PROBING;
    cancel = null;
    return true;
  }

  void forget() {
    cancelTimer();
    generation++;
    mode = Mode.HEALTHY;
  }

  private void cancelTimer() {
    if (cancel != null) {
      cancel.run();
      cancel = null;
    }
  }
}

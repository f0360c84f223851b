package dev.weft.proxy.balance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Circuit breaking by consecutive failures over the endpoints of one service, as Finagle's {@code
 * FailureAccrualFactory}.
 *
 * <p>States of an endpoint: <b>healthy</b> until {@link FailureAccrualConfig#failures} failures in
 * a row; then <b>ejected</b> for a backoff (the first {@code minBackoff}, doubling with every
 * ejection up to {@code maxBackoff}, with optional jitter); when the backoff ends it is
 * <b>probing</b> (half-open): available again, its next failure ejects it at once for the next,
 * doubled backoff, its next success makes it healthy and resets the backoff. A success recorded
 * while ejected (from a request already under way, or one sent to it because of the floor below)
 * also makes it healthy.
 *
 * <p>The floor: {@link #available} never returns fewer than {@code max(1, ceil(n / 2))} of the
 * {@code n} endpoints it is given (all of them when {@code n <= 1}). When more are ejected, the
 * ejected ones whose backoff ends soonest are returned as well. Ejection is recorded regardless, so
 * the floor always applies to the set the owner passes in, whatever discovery did meanwhile.
 *
 * <p>Threading: {@link #record} is called from any thread (the request path: it takes only a lock
 * of the endpoint's own state, briefly). {@link #available}, {@link #retain} and {@link #close}
 * come from the owner's control thread. The change listener runs, without locks held, on the thread
 * of the {@code record} that ejected or healed an endpoint, or on the {@link Timer}'s thread when a
 * backoff ends; it must not block, and typically hands a republish to the owner's control thread.
 *
 * @param <E> the endpoint type, compared by {@code equals} (endpoint views: by identity)
 */
public final class FailureAccrual<E> {
  /** Runs a task later; the proxy passes an event loop's or a scheduled executor's. */
  @FunctionalInterface
  public interface Timer {
    /**
     * Runs {@code task} once after {@code delayNanos}, on any thread.
     *
     * @return cancels the task if it has not run; idempotent
     */
    Runnable schedule(long delayNanos, Runnable task);

    /** A timer over {@code executor}. */
    static Timer of(ScheduledExecutorService executor) {
      Objects.requireNonNull(executor, "executor");
      return (delayNanos, task) -> {
        ScheduledFuture<?> f = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      };
    }
  }

  private final FailureAccrualConfig config;
  private final LongSupplier clock;
  private final RandomGenerator random;
  private final Timer timer;
  private final Runnable onChange;
  private final Map<E, AccrualState> states = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param clock nanoseconds, as {@link System#nanoTime()}
   * @param random for jitter; used from any thread
   * @param onChange told that {@link #available} may return something else now
   */
  public FailureAccrual(
      FailureAccrualConfig config,
      LongSupplier clock,
      RandomGenerator random,
      Timer timer,
      Runnable onChange) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.onChange = Objects.requireNonNull(onChange, "onChange");
  }

  /**
   * Records how a request to {@code endpoint} went ({@code failed}: {@code Outcome.failed()}).
   * Cancelled requests should not be recorded at all: they say nothing about the endpoint.
   */
  public void record(E endpoint, boolean failed) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (closed) {
      return;
    }
    AccrualState s = states.computeIfAbsent(endpoint, e -> new AccrualState());
    boolean changed;
    synchronized (s) {
      changed = failed ? failure(endpoint, s) : s.success();
    }
    if (changed && !closed) {
      onChange.run();
    }
  }

  private boolean failure(E endpoint, AccrualState s) {
    if (!s.failure(config.failures())) {
      return false;
    }
    long backoff = s.nextBackoff(config, random);
    long generation = s.generation;
    s.ejectedUntil = clock.getAsLong() + backoff;
    s.cancel = timer.schedule(backoff, () -> backoffEnded(endpoint, s, generation));
    return true;
  }

  private void backoffEnded(E endpoint, AccrualState s, long generation) {
    boolean changed;
    synchronized (s) {
      changed = s.probe(generation);
    }
    if (changed && !closed && states.get(endpoint) == s) {
      onChange.run();
    }
  }

  /**
   * The endpoints of {@code all} that are not ejected, in the order given, topped up to the floor
   * described above.
   */
  public List<E> available(List<E> all) {
    int floor = Math.max(1, (all.size() + 1) / 2);
    Map<E, Long> ejected = new HashMap<>();
    for (E e : all) {
      AccrualState s = states.get(e);
      if (s != null) {
        synchronized (s) {
          if (s.ejected()) {
            ejected.put(e, s.ejectedUntil);
          }
        }
      }
    }
    if (ejected.isEmpty()) {
      return List.copyOf(all);
    }
    int missing = floor - (all.size() - ejected.size());
    if (missing > 0) {
      long now = clock.getAsLong();
      List<E> soonest = new ArrayList<>(ejected.keySet());
      soonest.sort(Comparator.comparingLong(e -> ejected.get(e) - now));
      for (E e : soonest.subList(0, missing)) {
        ejected.remove(e);
      }
    }
    List<E> out = new ArrayList<>(all.size() - ejected.size());
    for (E e : all) {
      if (!ejected.containsKey(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Whether {@code endpoint} is ejected now (before the floor of {@link #available}). */
  public boolean isEjected(E endpoint) {
    AccrualState s = states.get(endpoint);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.ejected();
    }
  }

  /**
   * Forgets the endpoints not in {@code current} (gone from discovery), cancelling their timers.
   */
  public void retain(Collection<E> current) {
    Set<E> keep = Set.copyOf(current);
    states.entrySet().removeIf(en -> !keep.contains(en.getKey()) && forget(en.getValue()));
  }

  /** Cancels every timer; nothing is reported after. */
  public void close() {
    closed = true;
    states.values().forEach(FailureAccrual::forget);
    states.clear();
  }

  private static boolean forget(AccrualState s) {
    synchronized (s) {
      s.forget();
    }
    return true;
  }
}

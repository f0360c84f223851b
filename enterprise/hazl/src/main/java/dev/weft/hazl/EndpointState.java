package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What HAZL knows of one endpoint: its requests in flight through HAZL's picks, and whether it is
 * healthy. Unhealthy when its last outcome was {@code UNREACHABLE} or its last two failed; healthy
 * again after a success, or once {@link #RETRY_AFTER_NANOS} have passed, when it is tried again (a
 * failure then makes it unhealthy at once, its failures still counted).
 *
 * <p>Thread-safe and lock-free: outcomes arrive on any event loop while pickers read the health.
 */
final class EndpointState {
  static final long RETRY_AFTER_NANOS = 1_000_000_000L;

  /** How often an endpoint of a zone nearer than the farthest active one is probed. */
  static final long PROBE_NANOS = 250_000_000L;

  /** The weight of each new answer in {@link #latencySeconds}. */
  static final double LATENCY_WEIGHT = 0.2;

  /** The outcomes that count; {@code since} is when it last turned unhealthy. */
  private record Health(int failures, boolean unhealthy, long since) {
    static final Health GOOD = new Health(0, false, 0);

    boolean healthy(long now) {
      return !unhealthy || now - since >= RETRY_AFTER_NANOS;
    }
  }

  private final EndpointView endpoint;
  private final LongSupplier clock;
  private final Runnable healthChanged;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<Health> health = new AtomicReference<>(Health.GOOD);
  private final LongAdder completions;
  // The latency of its answers, smoothed per answer (Double bits; NaN until the first).
  private final AtomicLong lastProbe = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong latencyBits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

  // A pick of its own, for when no child balancer drew a healthy endpoint (see HazlPicker).
  private final Pick direct =
      new Pick() {
        @Override
        public EndpointView endpoint() {
          return endpoint;
        }

        @Override
        public void done(Outcome outcome) {}
      };

  // The child balancer's picks are usually one object per endpoint; so is the wrapper then.
  private volatile HazlPick cached;

  /**
   * @param healthChanged run (without blocking) when an outcome turns it unhealthy or healthy
   */
  EndpointState(EndpointView endpoint, LongSupplier clock, Runnable healthChanged) {
    this(endpoint, clock, healthChanged, new LongAdder());
  }

  /**
   * @param completions counts every request that ended with an answer or a failure (the throughput
   *     the balancer's load projections use)
   */
  EndpointState(
      EndpointView endpoint, LongSupplier clock, Runnable healthChanged, LongAdder completions) {
    this.endpoint = endpoint;
    this.clock = clock;
    this.healthChanged = healthChanged;
    this.completions = completions;
  }

  /**
   * Its answers' latency in seconds, smoothed over the last answers ({@link #LATENCY_WEIGHT} per
   * answer), or NaN before the first.
   */
  double latencySeconds() {
    return Double.longBitsToDouble(latencyBits.get());
  }

  EndpointView endpoint() {
    return endpoint;
  }

  boolean healthy(long now) {
    return health.get().healthy(now);
  }

  /** Requests in flight to it: the larger of the proxy's count and HAZL's own. */
  int load() {
    return Math.max(Math.max(endpoint.load(), inFlight.get()), 0);
  }

  /** Counts one more request and wraps {@code inner} so that its outcome comes here too. */
  Pick acquire(Pick inner) {
    HazlPick p = cached;
    if (p == null || p.inner() != inner) {
      p = new HazlPick(this, inner);
      cached = p;
    }
    inFlight.incrementAndGet();
    return p;
  }

  /**
   * Whether a probe of it is due at {@code now}: true at most once per {@link #PROBE_NANOS} (the
   * caller then sends it the request it is picking for).
   */
  boolean claimProbe(long now) {
    long last = lastProbe.get();
    return (last == Long.MIN_VALUE || now - last >= PROBE_NANOS)
        && healthy(now)
        && lastProbe.compareAndSet(last, now);
  }

  /** Counts one more request, chosen by HAZL itself rather than by a child balancer. */
  Pick acquireDirect() {
    return acquire(direct);
  }

  /** The end of a request acquired here. */
  void done(Outcome outcome) {
    inFlight.decrementAndGet();
    if (record(outcome, clock.getAsLong())) {
      healthChanged.run();
    }
  }

  /** Records an outcome; whether the endpoint turned unhealthy, or healthy again, by it. */
  boolean record(Outcome outcome, long now) {
    if (outcome.kind() == Outcome.Kind.CANCELLED) {
      return false; // says nothing about the endpoint
    }
    completions.increment();
    if (!outcome.failed()) {
      observeLatency(outcome.latencyNanos() / 1e9);
    }
    while (true) {
      Health old = health.get();
      Health next;
      if (!outcome.failed()) {
        next = Health.GOOD;
      } else {
        int failures = old.failures() == Integer.MAX_VALUE ? old.failures() : old.failures() + 1;
        boolean unhealthy = outcome.kind() == Outcome.Kind.UNREACHABLE || failures >= 2;
        next =
            unhealthy
                ? new Health(failures, true, now)
                : new Health(failures, old.unhealthy(), old.since());
      }
      if (health.compareAndSet(old, next)) {
        return old.healthy(now) != next.healthy(now);
      }
    }
  }

  private void observeLatency(double seconds) {
    while (true) {
      long oldBits = latencyBits.get();
      double old = Double.longBitsToDouble(oldBits);
      double next = Double.isNaN(old) ? seconds : old + (seconds - old) * LATENCY_WEIGHT;
      if (latencyBits.compareAndSet(oldBits, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "EndpointState[" + endpoint.address() + "]";
  }
}

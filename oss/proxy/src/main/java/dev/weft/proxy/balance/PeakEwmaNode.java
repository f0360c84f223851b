package dev.weft.proxy.balance;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * What the peak-EWMA balancer knows of one endpoint: its latency estimate, its requests in flight
 * and how long it asked to be left alone. It is also the {@link Pick} of every request sent to the
 * endpoint, so picking allocates nothing.
 *
 * <p>Thread-safe and lock-free: {@link #done} runs on whichever event loop the request ended on,
 * while others read the estimate to pick. The estimate and its time change together by
 * compare-and-set of one small immutable object.
 */
final class PeakEwmaNode implements Pick {
  /** Overloaded or unreachable tries count as at least this many times the current estimate. */
  static final double FAILURE_PENALTY_FACTOR = 10;

  private static final long NOT_AVOIDED = Long.MIN_VALUE;

  /**
   * A latency estimate in nanoseconds, made at {@code stamp} (clock nanoseconds); {@code observed}
   * is false while it is still the default RTT.
   */
  private record Estimate(double nanos, long stamp, boolean observed) {}

  private final EndpointView endpoint;
  private final LongSupplier clock;
  private final double decayNanos;
  private final double defaultRttNanos;
  private final AtomicReference<Estimate> estimate;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong avoidUntil = new AtomicLong(NOT_AVOIDED);

  PeakEwmaNode(EndpointView endpoint, LongSupplier clock, PeakEwmaConfig config) {
    this(endpoint, clock, config, config.defaultRtt().toNanos());
  }

  /**
   * @param seedNanos the estimate until the first observation: the default RTT, or what its peers
   *     cost now when they have been observed, so that a replica added to a busy service gets its
   *     share at once instead of after the default has decayed to their level
   */
  PeakEwmaNode(EndpointView endpoint, LongSupplier clock, PeakEwmaConfig config, double seedNanos) {
    this.endpoint = endpoint;
    this.clock = clock;
    this.decayNanos = config.decay().toNanos();
    this.defaultRttNanos = config.defaultRtt().toNanos();
    // The seed decays like any estimate, so an endpoint that never wins a comparison against
    // busy fast peers is still tried after a while (as in Tower's PeakEwma).
    this.estimate = new AtomicReference<>(new Estimate(seedNanos, clock.getAsLong(), false));
  }

  /** Whether a latency was observed (else the estimate is still its seed). */
  boolean observed() {
    return estimate.get().observed();
  }

  @Override
  public EndpointView endpoint() {
    return endpoint;
  }

  /** Counts one more request in flight and returns this as its pick. */
  PeakEwmaNode acquire() {
    inFlight.incrementAndGet();
    return this;
  }

  @Override
  public void done(Outcome outcome) {
    inFlight.decrementAndGet();
    long now = clock.getAsLong();
    if (outcome.retryAfterNanos() > 0) {
      avoid(now + outcome.retryAfterNanos());
    }
    if (outcome.kind() == Outcome.Kind.CANCELLED) {
      return; // the latency measured when the client gave up says nothing about the endpoint
    }
    double rtt = outcome.latencyNanos();
    // An overloaded or unreachable endpoint is avoided through its cost. A server error (500)
    // is not: it is often as fast as a success, and circuit breaking is what ejects an endpoint
    // that keeps failing.
    if (outcome.kind() == Outcome.Kind.OVERLOADED || outcome.kind() == Outcome.Kind.UNREACHABLE) {
      rtt = Math.max(rtt, FAILURE_PENALTY_FACTOR * Math.max(latency(now), defaultRttNanos));
    }
    observe(rtt, now);
  }

  /**
   * Peak EWMA, as Finagle's and Tower's. The first observation replaces the default. Later, with
   * {@code current} the estimate as of now (see {@link #latency}) and {@code w = exp(-elapsed /
   * decay)}, elapsed being the time since the last observation: a latency at or above {@code
   * current} replaces it at once (the peak), one below pulls it down to {@code old * w + rtt * (1 -
   * w)}, {@code old} being the estimate as last observed.
   */
  void observe(double rttNanos, long now) {
    while (true) {
      Estimate old = estimate.get();
      double w = Math.exp(-Math.max(0, now - old.stamp()) / decayNanos);
      double current = old.nanos() * w;
      double next;
      if (!old.observed() || rttNanos >= current) {
        next = rttNanos;
      } else {
        next = current + rttNanos * (1 - w); // old * w + rtt * (1 - w)
      }
      if (estimate.compareAndSet(old, new Estimate(next, now, true))) {
        return;
      }
    }
  }

  /**
   * The latency estimate as of {@code now}. Between observations it decays towards zero with the
   * same time constant, so an endpoint that has lost every comparison is tried again after a while
   * and can show that it recovered.
   */
  double latency(long now) {
    Estimate e = estimate.get();
    return e.nanos() * Math.exp(-Math.max(0, now - e.stamp()) / decayNanos);
  }

  /** Latency x (load + 1) / weight; load is the larger of the proxy's count and this node's. */
  double cost(long now) {
    int load = Math.max(endpoint.load(), inFlight.get());
    return latency(now) * (Math.max(load, 0) + 1) / Math.max(endpoint.weight(), 1);
  }

  /** The cost if its latency were {@code latencyNanos}. */
  double costAt(double latencyNanos) {
    int load = Math.max(endpoint.load(), inFlight.get());
    return latencyNanos * (Math.max(load, 0) + 1) / Math.max(endpoint.weight(), 1);
  }

  boolean avoided(long now) {
    long until = avoidUntil.get();
    return until != NOT_AVOIDED && now - until < 0;
  }

  private void avoid(long until) {
    avoidUntil.accumulateAndGet(
        until, (cur, next) -> cur == NOT_AVOIDED || next - cur > 0 ? next : cur);
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public String toString() {
    return "PeakEwmaNode[" + endpoint.address() + "]";
  }
}

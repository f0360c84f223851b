package dev.weft.proxy.outbound;

import dev.weft.proxy.metrics.ByteTally;
import io.micrometer.core.instrument.Counter;
import java.util.function.Supplier;

/**
 * The zone accounting of one target's connections (see {@link ZoneMetrics}): which locality its
 * bytes count under, and its {@code p_remote}, the share of available endpoint weight outside the
 * proxy's zone in the service it serves, which the zone-blind estimate multiplies its bytes by.
 *
 * <p>A target belongs to every service that lists it (its connections are shared), so both follow
 * the latest word: the locality the latest endpoint description gave it, and the {@code p_remote}
 * of the service that rebalanced last. Services sharing a pod usually share its zones too, so the
 * estimate stays close; it is an estimate either way.
 *
 * <p>Each connection takes its tally once, when it is set up ({@link #get}): its counters are then
 * fixed, and each read or write only increments them (and, with a zone, reads {@code p_remote}, a
 * volatile double). Thread-safe.
 */
final class ZoneTraffic implements Supplier<ByteTally> {
  private final ZoneMetrics metrics;
  private volatile ZoneMetrics.Flows flows;
  private volatile double remoteShare;

  ZoneTraffic(ZoneMetrics metrics, String endpointZone) {
    this.metrics = metrics;
    this.flows = metrics.flows(endpointZone);
  }

  /** The endpoint's zone as discovery described it last; new connections count under it. */
  void endpointZone(String zone) {
    flows = metrics.flows(zone);
  }

  /** Sets {@code p_remote}, between 0 and 1. */
  void remoteShare(double p) {
    remoteShare = p;
  }

  double remoteShare() {
    return remoteShare;
  }

  /** A tally for a new connection. */
  @Override
  public ByteTally get() {
    ZoneMetrics.Flows f = flows;
    Counter blind = metrics.zoneBlind();
    return blind == null ? f : new Estimating(f, blind, this);
  }

  /** Counts a connection's bytes by locality, and their share in the zone-blind estimate. */
  private record Estimating(ZoneMetrics.Flows flows, Counter blind, ZoneTraffic traffic)
      implements ByteTally {
    @Override
    public void sent(long n) {
      flows.sent.increment(n);
      estimate(n);
    }

    @Override
    public void received(long n) {
      flows.received.increment(n);
      estimate(n);
    }

    private void estimate(long n) {
      double p = traffic.remoteShare;
      if (p > 0) {
        blind.increment(n * p);
      }
    }
  }
}

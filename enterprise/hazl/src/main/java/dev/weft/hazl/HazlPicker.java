package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import dev.weft.spi.balancer.Picker;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Picks with the child balancer over the active healthy endpoints. When the endpoint drawn turned
 * unhealthy after the child's picker was made (a refused connection a moment ago), the draw is
 * released and redrawn, first among the active endpoints, then among every healthy one, so a retry
 * goes elsewhere at once instead of waiting for the next tick. While zones beyond the local one are
 * active, each endpoint of the nearer zones gets one request every {@link
 * EndpointState#PROBE_NANOS} whatever the child would choose, so that HAZL learns when they are
 * fast again. The children have not learned of the failure (it was reported to the pick of one of
 * them), so when their draws keep landing on unhealthy endpoints, HAZL takes a healthy one itself,
 * active ones first.
 *
 * <p>Immutable and lock-free; {@code states} is never modified after construction.
 */
final class HazlPicker implements Picker {
  static final Outcome RELEASED = new Outcome(Outcome.Kind.CANCELLED, 0, 0);

  /** Redraws among the active endpoints, then among every healthy one. */
  private static final int ACTIVE_REDRAWS = 2;

  private static final int ALL_REDRAWS = 2;

  private final Picker active;
  private final Picker all;
  private final Map<EndpointView, EndpointState> states;
  private final EndpointState[] activeStates;
  private final EndpointState[] allStates;
  private final EndpointState[] probes;
  private final LongSupplier clock;
  private final RandomGenerator random;

  /**
   * @param active the child's picker over the active healthy endpoints, or null
   * @param all the picker over every healthy endpoint, or null
   * @param states the state of every available endpoint, by identity of its view
   * @param activeStates those the active picker was given
   * @param allStates those the other picker was given
   * @param probes endpoints to send a request now and then whatever the child would choose (see
   *     {@link EndpointState#claimProbe}), empty when only one zone is active
   */
  HazlPicker(
      Picker active,
      Picker all,
      Map<EndpointView, EndpointState> states,
      List<EndpointState> activeStates,
      List<EndpointState> allStates,
      List<EndpointState> probes,
      LongSupplier clock,
      RandomGenerator random) {
    this.active = active;
    this.all = all;
    this.states = states;
    this.activeStates = activeStates.toArray(EndpointState[]::new);
    this.allStates = allStates.toArray(EndpointState[]::new);
    this.probes = probes.toArray(EndpointState[]::new);
    this.clock = clock;
    this.random = random;
  }

  @Override
  public Pick pick() {
    if (probes.length > 0) {
      // While other zones help, the nearer zones' latency must stay known: the latency-aware
      // choice sends little to a slow zone, and HAZL gives the traffic back only once it has
      // seen that zone answer fast again.
      long now = clock.getAsLong();
      for (EndpointState s : probes) {
        if (s.claimProbe(now)) {
          return s.acquireDirect();
        }
      }
    }
    Pick first = draw(active);
    if (first == null) {
      first = draw(all);
      if (first == null) {
        return null;
      }
    }
    EndpointState state = states.get(first.endpoint());
    long now = clock.getAsLong();
    if (state == null || state.healthy(now)) {
      return acquire(state, first);
    }
    for (int i = 0; i < ACTIVE_REDRAWS + ALL_REDRAWS; i++) {
      Pick next = draw(i < ACTIVE_REDRAWS ? active : all);
      if (next == null) {
        continue;
      }
      EndpointState s = states.get(next.endpoint());
      if (s == null || s.healthy(now)) {
        first.done(RELEASED);
        return acquire(s, next);
      }
      next.done(RELEASED);
    }
    EndpointState healthy = healthy(activeStates, now);
    if (healthy == null) {
      healthy = healthy(allStates, now);
    }
    if (healthy != null) {
      first.done(RELEASED);
      return healthy.acquireDirect();
    }
    // Nothing healthy was drawn: trying the first draw beats refusing the request.
    return acquire(state, first);
  }

  /** A healthy one of {@code candidates}, from a random place on; null when none is. */
  private EndpointState healthy(EndpointState[] candidates, long now) {
    int n = candidates.length;
    if (n == 0) {
      return null;
    }
    int start = random.nextInt(n);
    for (int i = 0; i < n; i++) {
      EndpointState s = candidates[(start + i) % n];
      if (s.healthy(now)) {
        return s;
      }
    }
    return null;
  }

  private static Pick draw(Picker picker) {
    return picker == null ? null : picker.pick();
  }

  private static Pick acquire(EndpointState state, Pick pick) {
    return state == null ? pick : state.acquire(pick);
  }
}

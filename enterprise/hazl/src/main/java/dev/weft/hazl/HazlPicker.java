package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import dev.weft.spi.balancer.Picker;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Picks with the child balancer over the active healthy endpoints. When the endpoint drawn turned
 * unhealthy after the child's picker was made (a refused connection a moment ago), the draw is
 * released and redrawn, first among the active endpoints, then among every healthy one, so a retry
 * goes elsewhere at once instead of waiting for the next tick.
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
  private final LongSupplier clock;

  /**
   * @param active the child's picker over the active healthy endpoints, or null
   * @param all the picker over every healthy endpoint, or null
   * @param states the state of every available endpoint, by identity of its view
   */
  HazlPicker(
      Picker active, Picker all, Map<EndpointView, EndpointState> states, LongSupplier clock) {
    this.active = active;
    this.all = all;
    this.states = states;
    this.clock = clock;
  }

  @Override
  public Pick pick() {
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
    // Nothing healthy was drawn: trying the first draw beats refusing the request.
    return acquire(state, first);
  }

  private static Pick draw(Picker picker) {
    return picker == null ? null : picker.pick();
  }

  private static Pick acquire(EndpointState state, Pick pick) {
    return state == null ? pick : state.acquire(pick);
  }
}

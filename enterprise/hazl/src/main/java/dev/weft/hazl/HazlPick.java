package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;

/**
 * A pick of the child balancer, seen through HAZL: its outcome updates HAZL's in-flight count and
 * health of the endpoint, then goes on to the child, which learns latency from it. Holds no
 * per-request state, so one serves every request to the endpoint.
 */
record HazlPick(EndpointState state, Pick inner) implements Pick {
  @Override
  public EndpointView endpoint() {
    return inner.endpoint();
  }

  @Override
  public void done(Outcome outcome) {
    try {
      state.done(outcome);
    } finally {
      inner.done(outcome);
    }
  }
}

package dev.weft.hazl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When an endpoint counts as unhealthy, and its requests in flight. */
class EndpointStateTest {
  static final long SECOND = 1_000_000_000L;

  final AtomicLong now = new AtomicLong(10 * SECOND);
  final AtomicInteger changes = new AtomicInteger();
  final FakeEndpoint endpoint = new FakeEndpoint("zone-a", 8000);
  final EndpointState state = new EndpointState(endpoint, now::get, changes::incrementAndGet);

  static Outcome of(Outcome.Kind kind) {
    return new Outcome(kind, 1_000, 0);
  }

  @Test
  void oneRefusedConnectionMakesItUnhealthy() {
    assertTrue(state.record(of(Outcome.Kind.UNREACHABLE), now.get()));
    assertFalse(state.healthy(now.get()));
    assertTrue(state.record(of(Outcome.Kind.SUCCESS), now.get()));
    assertTrue(state.healthy(now.get()));
  }

  @Test
  void twoFailuresInARowMakeItUnhealthyAndACancelledRequestDoesNotCount() {
    assertFalse(state.record(of(Outcome.Kind.FAILURE), now.get()));
    assertTrue(state.healthy(now.get()));
    assertFalse(state.record(of(Outcome.Kind.CANCELLED), now.get()));
    assertTrue(state.record(of(Outcome.Kind.OVERLOADED), now.get()));
    assertFalse(state.healthy(now.get()));

    state.record(of(Outcome.Kind.SUCCESS), now.get());
    assertFalse(state.record(of(Outcome.Kind.FAILURE), now.get()), "counting starts again");
    state.record(of(Outcome.Kind.SUCCESS), now.get());
    assertFalse(state.record(of(Outcome.Kind.FAILURE), now.get()));
    assertTrue(state.healthy(now.get()));
  }

  @Test
  void afterASecondItIsTriedAgainAndOneMoreFailureEndsThat() {
    state.record(of(Outcome.Kind.FAILURE), now.get());
    state.record(of(Outcome.Kind.FAILURE), now.get());
    assertFalse(state.healthy(now.get() + SECOND - 1));
    assertTrue(state.healthy(now.get() + SECOND));
    now.addAndGet(SECOND);
    assertTrue(state.record(of(Outcome.Kind.FAILURE), now.get()));
    assertFalse(state.healthy(now.get()));
  }

  @Test
  void picksCountInFlightAndReportHealthChanges() {
    AtomicInteger innerDone = new AtomicInteger();
    Pick inner =
        new Pick() {
          @Override
          public EndpointView endpoint() {
            return endpoint;
          }

          @Override
          public void done(Outcome outcome) {
            innerDone.incrementAndGet();
          }
        };
    Pick p1 = state.acquire(inner);
    Pick p2 = state.acquire(inner);
    assertSame(p1, p2, "one wrapper for the same inner pick");
    assertEquals(2, state.load());
    endpoint.load.set(5);
    assertEquals(5, state.load(), "the larger of the proxy's count and its own");
    endpoint.load.set(0);
    p1.done(of(Outcome.Kind.UNREACHABLE));
    p2.done(of(Outcome.Kind.SUCCESS));
    assertEquals(0, state.load());
    assertEquals(2, innerDone.get());
    assertEquals(2, changes.get(), "turned unhealthy, then healthy again");
  }
}

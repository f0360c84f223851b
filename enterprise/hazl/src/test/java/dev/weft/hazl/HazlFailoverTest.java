package dev.weft.hazl;

import static dev.weft.hazl.Harness.OK;
import static dev.weft.hazl.Harness.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failover at once, without waiting for the band or its cooldown, and back. */
class HazlFailoverTest {
  final Harness h = new Harness("zone-a");
  final List<FakeEndpoint> a = h.add("zone-a", 2);
  final List<FakeEndpoint> b = h.add("zone-b", 2);
  final List<FakeEndpoint> c = h.add("zone-c", 2);

  @Test
  void anEmptyLocalZoneFailsOverAtOnceAndBack() {
    h.remove(a); // no tick: the update itself moves the traffic
    assertEquals(List.of("zone-b"), h.zones());
    assertEquals(Map.of("zone-b", 1000), h.spread(1000));
    assertEquals(1, h.changes("failover"));

    h.add("zone-a", 2);
    assertEquals(List.of("zone-a"), h.zones());
    assertEquals(Map.of("zone-a", 1000), h.spread(1000));
    assertEquals(2, h.changes("failover"));
    assertEquals(0, h.changes("added") + h.changes("removed"));
  }

  @Test
  void aLocalZoneWhoseEndpointsAreUnreachableFailsOverAtOnceAndBack() {
    h.tick(); // just after a tick: the next periodic one is far
    // Every request to the local zone is refused; the proxy retries elsewhere.
    int refused = 0;
    for (int i = 0; i < 20 && refused < 2; i++) {
      Pick p = h.context.picker().pick();
      if (p.endpoint().zone().equals("zone-a")) {
        p.done(REFUSED);
        refused++;
      } else {
        p.done(OK);
      }
    }
    assertEquals(2, refused, "both local endpoints refused once");
    assertEquals(1, h.ticks.runPending(), "one immediate tick for both failures");
    assertEquals(List.of("zone-b"), h.zones());
    assertEquals(1, h.changes("failover"));
    assertEquals(Map.of("zone-b", 1000), h.spread(1000));

    // A second later the local endpoints are tried again; they answer, and the traffic stays.
    h.ticks(Duration.ofSeconds(1));
    assertEquals(List.of("zone-a"), h.zones());
    assertEquals(2, h.changes("failover"));
    assertEquals(Map.of("zone-a", 1000), h.spread(1000));
    h.ticks(Duration.ofSeconds(5));
    assertEquals(List.of("zone-a"), h.zones());
    assertEquals(0, h.context.outstanding());
  }

  @Test
  void aPickOfAnEndpointThatTurnedUnhealthyIsRedrawnElsewhere() {
    Harness one = new Harness("zone-a");
    FakeEndpoint local = one.add("zone-a", 1).getFirst();
    one.add("zone-b", 2);
    one.tick();
    Pick first = one.context.picker().pick();
    assertSame(local, first.endpoint());
    first.done(REFUSED);
    // The tick it asked for has not run: the picker still has the local endpoint active, yet
    // the retry goes to another zone, and every redrawn pick was released.
    assertEquals(1, one.ticks.pending.size());
    for (int i = 0; i < 1000; i++) {
      Pick retry = one.context.picker().pick();
      assertNotEquals(local, retry.endpoint());
      assertEquals("zone-b", retry.endpoint().zone());
      retry.done(OK);
    }
    assertEquals(0, one.context.outstanding());
    one.ticks.runPending();
    assertEquals(List.of("zone-b"), one.zones());
  }

  @Test
  void twoFailuresInARowMakeAnEndpointUnhealthy() {
    Harness one = new Harness("zone-a");
    one.add("zone-a", 1);
    one.add("zone-b", 1);
    Pick p = one.context.picker().pick();
    p.done(new Outcome(Outcome.Kind.FAILURE, 1, 0));
    assertEquals(0, one.ticks.runPending());
    assertEquals(List.of("zone-a"), one.zones());
    p = one.context.picker().pick();
    assertEquals("zone-a", p.endpoint().zone());
    p.done(new Outcome(Outcome.Kind.OVERLOADED, 1, 0));
    assertEquals(1, one.ticks.runPending());
    assertEquals(List.of("zone-b"), one.zones());
  }

  @Test
  void withNoHealthyEndpointAnywhereEveryEndpointIsStillTried() {
    Harness one = new Harness("zone-a");
    FakeEndpoint only = one.add("zone-a", 1).getFirst();
    one.context.picker().pick().done(REFUSED);
    one.ticks.runPending();
    Pick p = one.context.picker().pick();
    assertNotNull(p, "a request is still sent somewhere");
    assertSame(only, p.endpoint());
    p.done(OK);
    assertEquals(0, one.context.outstanding());
  }

  @Test
  void everyActiveZoneUnhealthyMovesToTheNextHealthyOnes() {
    Harness.load(a, 5);
    h.tick();
    assertEquals(List.of("zone-a", "zone-b"), h.zones());
    for (FakeEndpoint e : List.of(a.get(0), a.get(1), b.get(0), b.get(1))) {
      h.balancer.stateOf(e).record(REFUSED, h.context.nanoTime());
    }
    h.tick();
    assertEquals(List.of("zone-c"), h.zones());
    assertEquals(Map.of("zone-c", 100), h.spread(100));
  }
}

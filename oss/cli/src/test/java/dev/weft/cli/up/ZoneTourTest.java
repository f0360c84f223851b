package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The zone tour's script, driven by {@link FakeZones}: its steps in order and the shares shown. */
class ZoneTourTest {
  private static final Duration PHASE = Duration.ofSeconds(5);

  private final Output out = new Output();

  private List<String> tour(FakeZones zones) throws InterruptedException {
    new ZoneTour(zones, zones, PHASE, out.stream).run();
    return out.text().lines().toList();
  }

  @Test
  void thePhasesActInOrderWithATickAndAReadBetween() throws Exception {
    FakeZones zones = new FakeZones();
    tour(zones);
    List<String> expected = new ArrayList<>(List.of("metrics"));
    for (String step :
        new String[] {
          null, "delay zone-a 200ms", "delay zone-a 0ms", "stop zone-a", "start zone-a"
        }) {
      if (step != null) {
        expected.add(step);
      }
      for (int t = 0; t < 5; t++) {
        expected.addAll(List.of("tick", "metrics"));
      }
    }
    assertEquals(expected, zones.events);
  }

  @Test
  void eachSecondShowsTheInZoneShareOfTheLastFiveSeconds() throws Exception {
    List<String> lines = tour(new FakeZones());
    assertEquals("tour  waiting for traffic through web's proxy", lines.getFirst());
    assertEquals(
        "tour  steady           books healthy in every zone; web's proxy is in zone-a",
        lines.get(1));
    assertEquals("tour  steady           in-zone 100.0%  (local 10 remote 0)", lines.get(2));
    // The last line of each phase: a window of five seconds all inside it.
    assertEquals(
        List.of(
            "tour  steady           in-zone 100.0%  (local 50 remote 0)",
            "tour  zone-a slowed    in-zone  20.0%  (local 10 remote 40)",
            "tour  zone-a restored  in-zone 100.0%  (local 50 remote 0)",
            "tour  zone-a stopped   in-zone   0.0%  (local 0 remote 50)",
            "tour  zone-a back      in-zone 100.0%  (local 50 remote 0)"),
        List.of(lines.get(6), lines.get(12), lines.get(18), lines.get(24), lines.get(30)));
    // Right after the slowdown the window still holds four steady seconds.
    assertEquals("tour  zone-a slowed    in-zone  84.0%  (local 42 remote 8)", lines.get(8));
    assertEquals(
        "tour  zone-a stopped   zone-a's books replicas and their proxies stopped", lines.get(19));
    assertEquals("tour  done: the mesh runs on as usual (Ctrl-C to stop)", lines.getLast());
    assertEquals(32, lines.size());
  }

  @Test
  void aStepThatFailsIsReportedAndTheTourGoesOn() throws Exception {
    FakeZones zones = new FakeZones().failingToStop(new UpException("books-a-0: cannot stop"));
    List<String> lines = tour(zones);
    assertTrue(
        lines.contains("tour  zone-a stopped   could not: books-a-0: cannot stop"),
        String.join("\n", lines));
    assertTrue(zones.events.contains("start zone-a"), zones.events.toString());
    assertEquals("tour  done: the mesh runs on as usual (Ctrl-C to stop)", lines.getLast());
  }

  @Test
  void aProxyWithoutTheLocalityLabelShowsNotAvailable() throws Exception {
    List<String> lines = tour(new FakeZones().withoutLocalityLabel());
    assertEquals(
        "tour  steady           in-zone   n/a  (web's proxy has no dst_zone_locality label; 50"
            + " tries)",
        lines.get(6));
  }

  @Test
  void withoutTrafficItWaitsAMinuteThenToursAnyway() throws Exception {
    FakeZones zones = new FakeZones().withoutTraffic();
    List<String> lines = tour(zones);
    assertEquals("tour  no tries through web's proxy in 60 s; touring anyway", lines.get(1));
    assertEquals(
        ZoneTour.TRAFFIC_WAIT_TICKS + 25, zones.events.stream().filter("tick"::equals).count());
    assertEquals("tour  steady           in-zone   n/a  (no tries)", lines.get(3));
  }

  @Test
  void aWarmUpLetsTrafficFlowBeforeTheFirstPhaseAndLeavesItOutOfTheShares() throws Exception {
    FakeZones zones = new FakeZones();
    new ZoneTour(zones, zones, PHASE, Duration.ofSeconds(3), out.stream).run();
    List<String> lines = out.text().lines().toList();
    assertEquals("tour  warming up for 3 s (the demo's JVMs start cold)", lines.get(1));
    assertEquals(List.of("metrics", "tick", "tick", "tick", "metrics"), zones.events.subList(0, 5));
    // The first second of the steady phase counts its own tries only.
    assertEquals("tour  steady           in-zone 100.0%  (local 10 remote 0)", lines.get(3));
  }
}

package dev.weft.controlplane.fleet;

import static dev.weft.controlplane.fleet.InventoryTestServer.edge;
import static dev.weft.controlplane.fleet.InventoryTestServer.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Posture over a window, from samples taken as a manual clock moves. */
class PostureTest {
  static final String AUTHORS = "authors.demo.serviceaccount.identity.weft.cluster.local";
  static final String BOOKS = "books.demo.serviceaccount.identity.weft.cluster.local";
  static final String LATE = "late.demo.serviceaccount.identity.weft.cluster.local";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final FleetInventory inventory = InventoryTestServer.inventory(clock, "local", List::of);

  @Test
  void deltasOverTheWindowByEdge() throws Exception {
    // books-0 ran all along: its traffic in the window is its latest counts minus those of 09:20.
    at(
        "09:00",
        proxy("books-0", "books", "demo"),
        out(AUTHORS, 10, 100),
        plain("10.0.0.9:5432", 5));
    at(
        "09:20",
        proxy("books-0", "books", "demo"),
        out(AUTHORS, 12, 120),
        plain("10.0.0.9:5432", 5));
    // Seen only before the window: not counted, nor among the proxies.
    at("09:25", proxy("gone-0", "gone", "demo"), out(AUTHORS, 50, 500));
    at("09:40", proxy("web-0", "web", "demo"), out(BOOKS, 4, 40));
    at("09:50", proxy("web-0", "web", "demo"), out(BOOKS, 6, 60));
    // The database edge did not move in the window: left out.
    at(
        "10:00",
        proxy("books-0", "books", "demo"),
        out(AUTHORS, 15, 150),
        plain("10.0.0.9:5432", 5));
    // web-0 restarted at 10:00: its counters start again from 0.
    at("10:10", started(proxy("web-0", "web", "demo"), "10:00"), out(BOOKS, 2, 20));
    // late-0 started after the window began: it counts from 0, including unmeshed clients.
    at(
        "10:10",
        started(proxy("late-0", "late", "demo"), "10:05"),
        edge("outbound", "127.0.0.1:7721", "", 1, Map.of("books:80", 7L)),
        edge("inbound", "127.0.0.1:7723", "", 2, Map.of("late:80", 3L)),
        edge("inbound", "127.0.0.1:7723", BOOKS, 9, Map.of("late:80", 90L)));
    clock.set(Instant.parse("2026-11-23T10:30:00Z"));

    FleetPosture posture = inventory.posture(PostureWindow.parse("1h"));
    assertEquals("2026-11-23T09:30:00Z", posture.from());
    assertEquals("2026-11-23T10:30:00Z", posture.to());
    assertEquals("1h", posture.window());
    assertEquals(
        List.of(
            inbound(null, "127.0.0.1:7723", "late:80", LATE, false, 2, 3),
            outbound("books", BOOKS, "127.0.0.1:7722", "authors:80", AUTHORS, true, 3, 30),
            outbound("late", LATE, "127.0.0.1:7721", "books:80", null, false, 1, 7),
            outbound("web", web(), "127.0.0.1:7721", "books:80", BOOKS, true, 4, 40)),
        posture.edges());
    assertEquals(new FleetPosture.Summary(4, 2, 2, 80, 70, 10, 7), posture.summary());
    assertEquals(3, posture.proxies());

    // Over 15 minutes only the latest samples count against those of 10:15 and before.
    FleetPosture recent = inventory.posture(PostureWindow.parse("15m"));
    assertEquals(List.of(), recent.edges());
    assertEquals(0, recent.proxies());
  }

  @Test
  void samplesAreKeptOncePerMinuteForAnHourThenPerQuarterHourForADay() {
    InstanceRecord record = new InstanceRecord("books-0");
    Instant t = Instant.parse("2026-11-23T09:00:10Z");
    record.update(hb(1), t);
    record.update(hb(3), t.plusSeconds(30));
    assertEquals(1, record.samples().size(), "two in one minute: the later replaces the other");
    assertEquals(t.plusSeconds(30), record.samples().getFirst().at());
    record.update(hb(3), t.plusSeconds(60));
    assertEquals(1, record.samples().size(), "unchanged counts add nothing");
    for (int minute = 2; minute <= 26 * 60; minute++) {
      record.update(hb(minute), t.plus(Duration.ofMinutes(minute)));
    }
    List<PostureSample> samples = record.samples();
    Instant last = samples.getLast().at();
    Instant fine = last.minus(Duration.ofHours(1));
    Instant horizon = last.minus(Duration.ofHours(24));
    // One sample at or before the horizon stays, as the baseline of a 24 h window.
    assertFalse(samples.getFirst().at().isAfter(horizon));
    assertTrue(samples.get(1).at().isAfter(horizon));
    List<Instant> recent = samples.stream().map(PostureSample::at).filter(fine::isBefore).toList();
    assertEquals(60, recent.size(), "one a minute over the last hour");
    List<Long> steps =
        samples.stream()
            .map(PostureSample::at)
            .filter(at -> !at.isAfter(fine))
            .map(at -> at.getEpochSecond() / 900)
            .toList();
    for (int i = 1; i < steps.size(); i++) {
      assertEquals(steps.get(i - 1) + 1, steps.get(i), "one per quarter hour, none missing");
    }
    assertTrue(samples.size() <= InstanceRecord.MAX_SAMPLES);
    assertEquals(samples.size(), record.edgeEntries(), "one edge per sample");
  }

  @Test
  void aWindowOlderThanAnHourIsPreciseToAQuarterHour() throws Exception {
    // One request a minute for a day.
    for (int minute = 0; minute <= 24 * 60; minute++) {
      clock.set(Instant.parse("2026-11-23T08:00:30Z").plus(Duration.ofMinutes(minute)));
      inventory.report(proxy("books-0", "books", "demo").addEdges(out(AUTHORS, 1, minute)).build());
    }
    assertEquals(30, requests(inventory.posture(PostureWindow.parse("30m"))), "exact");
    long threeHours = requests(inventory.posture(PostureWindow.parse("3h")));
    assertTrue(
        threeHours >= 180 && threeHours <= 180 + 15,
        "3h: the baseline is the last sample kept at or before the start: " + threeHours);
  }

  private static long requests(FleetPosture posture) {
    return posture.summary().requests();
  }

  @Test
  void windowsAreGoDurationsUpToADay() {
    assertEquals(Duration.ofSeconds(30), PostureWindow.parse("30s").duration());
    assertEquals(Duration.ofMinutes(90), PostureWindow.parse("1h30m").duration());
    assertEquals(Duration.ofHours(24), PostureWindow.parse("24h").duration());
    for (String bad : new String[] {"2d", "25h", "0s", "", "1.5h", "-1h", "1H"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PostureWindow.parse(bad));
      assertEquals(
          "window: '"
              + bad
              + "' (expected: a duration such as 30s, 15m, 1h or 24h, more than 0 and at most"
              + " 24h)",
          e.getMessage());
    }
  }

  private static Heartbeat hb(long connections) {
    return proxy("books-0", "books", "demo")
        .addEdges(edge("outbound", "127.0.0.1:7722", AUTHORS, connections, Map.of()))
        .build();
  }

  private void at(String time, Heartbeat.Builder heartbeat, Edge... edges) throws Exception {
    clock.set(Instant.parse("2026-11-23T" + time + ":00Z"));
    inventory.report(heartbeat.addAllEdges(List.of(edges)).build());
  }

  private static Heartbeat.Builder started(Heartbeat.Builder heartbeat, String time) {
    Instant started = Instant.parse("2026-11-23T" + time + ":00Z");
    return heartbeat.setStartedAt(Timestamp.newBuilder().setSeconds(started.getEpochSecond()));
  }

  private static Edge out(String peer, long connections, long requests) {
    String target = peer.equals(AUTHORS) ? "127.0.0.1:7722" : "127.0.0.1:7721";
    String authority = peer.equals(AUTHORS) ? "authors:80" : "books:80";
    return edge("outbound", target, peer, connections, Map.of(authority, requests));
  }

  private static Edge plain(String target, long connections) {
    return edge("outbound", target, "", connections, Map.of());
  }

  private static String web() {
    return "web.demo.serviceaccount.identity.weft.cluster.local";
  }

  private static FleetPosture.Edge outbound(
      String sa,
      String identity,
      String target,
      String authority,
      String peer,
      boolean mtls,
      long connections,
      long requests) {
    return new FleetPosture.Edge(
        new FleetPosture.Source(identity, "demo", new Workload("serviceaccount", sa)),
        new FleetPosture.Destination(authority, target, peer),
        "outbound",
        mtls,
        connections,
        requests);
  }

  private static FleetPosture.Edge inbound(
      String sourceIdentity,
      String target,
      String authority,
      String server,
      boolean mtls,
      long connections,
      long requests) {
    return new FleetPosture.Edge(
        new FleetPosture.Source(sourceIdentity, null, null),
        new FleetPosture.Destination(authority, target, server),
        "inbound",
        mtls,
        connections,
        requests);
  }
}

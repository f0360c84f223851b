package dev.weft.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * {@code weft up --zones N --tour}: once traffic flows through web's proxy (in {@link
 * DemoTopology#HOME_ZONE}), a scripted scenario in phases of equal length, with one line a second
 * giving the share of web's tries to books that stayed in its zone over the last {@value
 * #WINDOW_TICKS} seconds:
 *
 * <ol>
 *   <li>{@code steady}: every zone healthy;
 *   <li>{@code zone-a slowed}: zone-a's books replicas answer {@link #SLOW} late;
 *   <li>{@code zone-a restored}: on time again;
 *   <li>{@code zone-a stopped}: zone-a's books replicas and their proxies stopped;
 *   <li>{@code zone-a back}: started again.
 * </ol>
 *
 * Then the mesh runs on as usual. A step that fails is reported and the tour goes on: it only
 * shows, and must never end {@code weft up}.
 */
final class ZoneTour {
  static final Duration SLOW = Duration.ofMillis(200);
  static final int WINDOW_TICKS = 5;

  /** How long to wait for the first tries through web's proxy before touring anyway. */
  static final int TRAFFIC_WAIT_TICKS = 60;

  private static final String ZONE = DemoTopology.HOME_ZONE;

  private interface Step {
    void run(TourMesh mesh) throws UpException, InterruptedException;
  }

  private record Phase(String name, String what, Step step) {}

  private static final List<Phase> PHASES =
      List.of(
          new Phase("steady", "books healthy in every zone; web's proxy is in " + ZONE, m -> {}),
          new Phase(
              ZONE + " slowed",
              ZONE
                  + "'s books replicas answer "
                  + SLOW.toMillis()
                  + " ms late (POST /_demo/faults)",
              m -> m.delay(ZONE, SLOW)),
          new Phase(
              ZONE + " restored",
              ZONE + "'s books replicas on time again",
              m -> m.delay(ZONE, Duration.ZERO)),
          new Phase(
              ZONE + " stopped",
              ZONE + "'s books replicas and their proxies stopped",
              m -> m.stopZone(ZONE)),
          new Phase(
              ZONE + " back",
              ZONE + "'s books replicas and their proxies started again",
              m -> m.startZone(ZONE)));

  private final TourMesh mesh;
  private final TourClock clock;
  private final long phaseTicks;
  private final long warmUpTicks;
  private final PrintStream out;
  private final Deque<LocalitySnapshot> window = new ArrayDeque<>();

  ZoneTour(TourMesh mesh, TourClock clock, Duration phase, PrintStream out) {
    this(mesh, clock, phase, Duration.ZERO, out);
  }

  /**
   * @param warmUp how long traffic flows before the first phase: the demo's JVMs start cold and
   *     answer slowly at first, and a zone-aware balancer rightly spills while they do, which is
   *     not what the steady phase is meant to show
   */
  ZoneTour(TourMesh mesh, TourClock clock, Duration phase, Duration warmUp, PrintStream out) {
    this.mesh = mesh;
    this.clock = clock;
    this.phaseTicks = Math.max(1, phase.toSeconds());
    this.warmUpTicks = Math.max(0, warmUp.toSeconds());
    this.out = out;
  }

  /** Runs the whole tour; returns when it is over, or throws when interrupted. */
  void run() throws InterruptedException {
    awaitTraffic();
    if (warmUpTicks > 0) {
      out.println("tour  warming up for " + warmUpTicks + " s (the demo's JVMs start cold)");
      for (long t = 0; t < warmUpTicks; t++) {
        clock.awaitTick();
      }
      window.clear();
      LocalitySnapshot now = read();
      if (now != null) {
        window.add(now);
      }
    }
    for (Phase phase : PHASES) {
      line(phase.name(), phase.what());
      try {
        phase.step().run(mesh);
      } catch (UpException e) {
        line(phase.name(), "could not: " + e.getMessage());
      }
      for (long t = 0; t < phaseTicks; t++) {
        clock.awaitTick();
        line(phase.name(), sample());
      }
    }
    out.println("tour  done: the mesh runs on as usual (Ctrl-C to stop)");
  }

  private void awaitTraffic() throws InterruptedException {
    out.println("tour  waiting for traffic through web's proxy");
    for (int t = 0; t < TRAFFIC_WAIT_TICKS; t++) {
      LocalitySnapshot now = read();
      if (now != null && now.counts().total() > 0) {
        window.add(now);
        return;
      }
      clock.awaitTick();
    }
    out.println(
        "tour  no tries through web's proxy in " + TRAFFIC_WAIT_TICKS + " s; touring anyway");
  }

  /** The share over the last {@link #WINDOW_TICKS} ticks, as a line's text. */
  private String sample() throws InterruptedException {
    LocalitySnapshot now = read();
    if (now == null) {
      return "in-zone   n/a  (web's proxy's /metrics did not answer)";
    }
    LocalitySnapshot from = window.isEmpty() ? LocalitySnapshot.EMPTY : window.peekFirst();
    window.addLast(now);
    while (window.size() > WINDOW_TICKS) {
      window.removeFirst();
    }
    return now.since(from).describe();
  }

  private LocalitySnapshot read() throws InterruptedException {
    try {
      return LocalitySnapshot.parse(mesh.webMetrics());
    } catch (IOException e) {
      return null;
    }
  }

  private void line(String phase, String text) {
    out.println(String.format(Locale.ROOT, "tour  %-16s %s", phase, text));
  }
}

package dev.weft.controlplane.fleet;

import dev.weft.api.fleet.v1.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * What the inventory knows of one instance: its last heartbeat and its posture samples: one a
 * minute for the last {@link #FINE}, one per {@link #COARSE_STEP} before that, for {@link
 * #RETENTION}. Not thread-safe: {@link FleetInventory} guards it.
 */
final class InstanceRecord {
  static final Duration RETENTION = Duration.ofHours(24);
  static final Duration FINE = Duration.ofHours(1);
  static final Duration COARSE_STEP = Duration.ofMinutes(15);
  // The steps of a day, twice over for restarts; the count bound keeps a crash loop in check.
  static final int MAX_SAMPLES = 2 * (60 + 24 * 4);

  final String instance;
  String component;
  String version;
  String sha256;
  String identity;
  String zone;
  Instant startedAt;
  Instant lastSeen;

  /** The sha256 this process was asked the SBOM of, so it is asked once. */
  String askedSbom;

  /** Whether the last heartbeat proved {@link #identity}, and why its proof was refused if so. */
  boolean identityVerified;

  String proofProblem;

  private final ArrayDeque<PostureSample> samples = new ArrayDeque<>();
  private int edgeEntries;

  InstanceRecord(String instance) {
    this.instance = instance;
  }

  /** Takes a heartbeat; returns how many edge entries its samples hold now, more or fewer. */
  int update(Heartbeat heartbeat, Instant now) {
    int before = edgeEntries;
    Instant started =
        heartbeat.hasStartedAt()
            ? Instant.ofEpochSecond(
                heartbeat.getStartedAt().getSeconds(), heartbeat.getStartedAt().getNanos())
            : null;
    if (lastSeen != null && !Objects.equals(started, startedAt)) {
      askedSbom = null; // a new process, perhaps of another build
    }
    component = heartbeat.getComponent();
    version = heartbeat.getVersion();
    sha256 = heartbeat.getSha256().isEmpty() ? null : heartbeat.getSha256();
    identity = heartbeat.getIdentity().isEmpty() ? null : heartbeat.getIdentity();
    zone = heartbeat.getZone();
    startedAt = started;
    lastSeen = now;
    sample(PostureSample.of(now, started, heartbeat.getEdgesList(), samples.peekLast()));
    return edgeEntries - before;
  }

  /**
   * Keeps at most one sample per minute of a process: a newer heartbeat in the same minute replaces
   * that minute's sample, an unchanged one adds nothing (the previous sample says the same). A new
   * process always starts a sample, so the last counts of the old one are kept. Samples older than
   * {@link #FINE} are thinned to the last of each {@link #COARSE_STEP} of a process.
   */
  private void sample(PostureSample next) {
    PostureSample last = samples.peekLast();
    if (last != null && Objects.equals(last.startedAt(), next.startedAt())) {
      if (last.edges().equals(next.edges())) {
        return;
      }
      if (last.at()
          .truncatedTo(ChronoUnit.MINUTES)
          .equals(next.at().truncatedTo(ChronoUnit.MINUTES))) {
        samples.pollLast();
      }
    }
    samples.addLast(next);
    thin(next.at().minus(FINE));
    Instant horizon = next.at().minus(RETENTION);
    // The newest sample at or before the horizon stays: a 24 h window's baseline.
    while (samples.size() > MAX_SAMPLES || secondAtOrBefore(horizon)) {
      samples.pollFirst();
    }
    edgeEntries = 0;
    for (PostureSample s : samples) {
      edgeEntries += s.edges().size();
    }
  }

  /** Of consecutive samples of one process in one coarse step, all at or before {@code fine}. */
  private void thin(Instant fine) {
    List<PostureSample> kept = new ArrayList<>(samples.size());
    for (PostureSample s : samples) {
      PostureSample previous = kept.isEmpty() ? null : kept.getLast();
      if (previous != null
          && !s.at().isAfter(fine)
          && Objects.equals(previous.startedAt(), s.startedAt())
          && step(previous.at()) == step(s.at())) {
        kept.set(kept.size() - 1, s);
      } else {
        kept.add(s);
      }
    }
    if (kept.size() < samples.size()) {
      samples.clear();
      samples.addAll(kept);
    }
  }

  private static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), COARSE_STEP.toSeconds());
  }

  /** Edge entries over all samples: what {@link FleetInventory} bounds across the fleet. */
  int edgeEntries() {
    return edgeEntries;
  }

  /** When the oldest sample was taken, or null when there is none. */
  Instant oldestSample() {
    PostureSample first = samples.peekFirst();
    return first == null ? null : first.at();
  }

  /** Drops the oldest sample; returns how many edge entries went with it. */
  int dropOldestSample() {
    PostureSample first = samples.pollFirst();
    int n = first == null ? 0 : first.edges().size();
    edgeEntries -= n;
    return n;
  }

  private boolean secondAtOrBefore(Instant horizon) {
    Iterator<PostureSample> it = samples.iterator();
    if (!it.hasNext()) {
      return false;
    }
    it.next();
    return it.hasNext() && !it.next().at().isAfter(horizon);
  }

  List<PostureSample> samples() {
    return List.copyOf(samples);
  }
}

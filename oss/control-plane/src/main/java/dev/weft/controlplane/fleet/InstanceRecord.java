package dev.weft.controlplane.fleet;

import dev.weft.api.fleet.v1.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * What the inventory knows of one instance: its last heartbeat and its posture samples. Not
 * thread-safe: {@link FleetInventory} guards it.
 */
final class InstanceRecord {
  static final Duration RETENTION = Duration.ofHours(24);
  // One a minute for 24 h, plus one per restart; the count bound keeps a crash loop in check.
  static final int MAX_SAMPLES = 2 * 24 * 60;

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

  private final ArrayDeque<PostureSample> samples = new ArrayDeque<>();

  InstanceRecord(String instance) {
    this.instance = instance;
  }

  void update(Heartbeat heartbeat, Instant now) {
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
    sample(PostureSample.of(now, started, heartbeat.getEdgesList()));
  }

  /**
   * Keeps at most one sample per minute of a process: a newer heartbeat in the same minute replaces
   * that minute's sample, an unchanged one adds nothing (the previous sample says the same). A new
   * process always starts a sample, so the last counts of the old one are kept.
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
    Instant horizon = next.at().minus(RETENTION);
    // The newest sample at or before the horizon stays: a 24 h window's baseline.
    while (samples.size() > MAX_SAMPLES || secondAtOrBefore(horizon)) {
      samples.pollFirst();
    }
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

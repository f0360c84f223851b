package dev.weft.controlplane.fleet;

import static java.util.Objects.requireNonNull;

import dev.weft.api.fleet.v1.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What runs in the mesh, from the heartbeats of its components (the {@code Inventory} gRPC
 * service), the pods with a proxy (kubernetes mode) and the control plane itself; and the traffic
 * they reported, for posture reports.
 *
 * <p>Thread-safe: heartbeats and reads take one lock; reads copy what they need under it and build
 * their answer outside it. Bounded: {@value #MAX_INSTANCES} instances (those stopped for longer go
 * first when a new one comes), SBOMs kept once per sha256 ({@value #MAX_SBOMS} at most, {@value
 * #MAX_SBOM_BYTES} bytes each), posture samples one a minute per process for the last hour and one
 * per 15 minutes for 24 h, kept 24 h after the instance stops, and {@value #MAX_STORED_EDGES} edge
 * entries over all samples (when more, the oldest samples of the fleet go first). Never blocks on
 * I/O.
 */
public final class FleetInventory {
  private static final Logger LOG = Logger.getLogger(FleetInventory.class);
  public static final int MAX_INSTANCES = 10_000;
  public static final int MAX_SBOMS = 64;
  public static final int MAX_SBOM_BYTES = 4 * 1024 * 1024;
  public static final long MAX_STORED_EDGES = 500_000;
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private final Clock clock;
  private final int intervalSeconds;
  private final Duration stale;
  private final String mode;
  private final SelfComponent self;
  private final Supplier<List<ProxyPod>> pods;
  private final Map<String, InstanceRecord> instances = new HashMap<>();
  private final Map<String, byte[]> sboms = new LinkedHashMap<>();
  private final long maxStoredEdges;
  private long storedEdges;
  private long samplesDropped;
  private Instant lastDropLog;
  private Instant lastExpiry;

  /**
   * @param interval how often components are asked to report (whole seconds, 1s..1h)
   * @param mode {@code local} or {@code kubernetes}
   * @param pods the pods with a proxy now (none in local mode); called on each read
   */
  public FleetInventory(
      Clock clock,
      Duration interval,
      String mode,
      SelfComponent self,
      Supplier<List<ProxyPod>> pods) {
    this(clock, interval, mode, self, pods, MAX_STORED_EDGES);
  }

  /** With {@code maxStoredEdges} edge entries over all posture samples, for tests. */
  FleetInventory(
      Clock clock,
      Duration interval,
      String mode,
      SelfComponent self,
      Supplier<List<ProxyPod>> pods,
      long maxStoredEdges) {
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(interval, "interval");
    if (interval.compareTo(MIN_INTERVAL) < 0
        || interval.compareTo(MAX_INTERVAL) > 0
        || interval.getNano() != 0) {
      throw new IllegalArgumentException(
          "weft.fleet.heartbeat-interval: "
              + interval
              + " (expected: whole seconds from 1s to 1h)");
    }
    this.intervalSeconds = (int) interval.toSeconds();
    this.stale = interval.multipliedBy(3);
    this.mode = requireNonNull(mode, "mode");
    this.self = requireNonNull(self, "self");
    this.pods = requireNonNull(pods, "pods");
    this.maxStoredEdges = maxStoredEdges;
  }

  /** Seconds between heartbeats, as replies ask. */
  public int intervalSeconds() {
    return intervalSeconds;
  }

  /**
   * Takes a heartbeat that passed {@link HeartbeatCheck}. Returns whether to ask for the SBOM of
   * its sha256: asked once per process, and only when there is room to keep it.
   */
  synchronized boolean report(Heartbeat heartbeat) throws InventoryFullException {
    return report(heartbeat, IdentityProofCheck.Verdict.UNPROVEN);
  }

  /**
   * As {@link #report(Heartbeat)}, with what its identity proof showed. A refused proof is logged
   * when it first comes from an instance, and again whenever its reason changes.
   */
  synchronized boolean report(Heartbeat heartbeat, IdentityProofCheck.Verdict verdict)
      throws InventoryFullException {
    Instant now = clock.instant();
    expire(now);
    InstanceRecord record = instances.get(heartbeat.getInstance());
    if (record == null) {
      if (instances.size() >= MAX_INSTANCES && !evictStopped(now)) {
        throw new InventoryFullException(heartbeat.getInstance(), MAX_INSTANCES);
      }
      record = new InstanceRecord(heartbeat.getInstance());
      instances.put(record.instance, record);
    }
    storedEdges += record.update(heartbeat, now);
    record.identityVerified = verdict.verified();
    if (verdict.problem() != null && !verdict.problem().equals(record.proofProblem)) {
      LOG.warnf(
          "fleet inventory: %s reports identity %s unproven: %s",
          record.instance, heartbeat.getIdentity(), verdict.problem());
    }
    record.proofProblem = verdict.problem();
    if (storedEdges > maxStoredEdges) {
      dropOldestSamples(now);
    }
    String sha = record.sha256;
    if (sha == null || sboms.containsKey(sha)) {
      return false;
    }
    if (!heartbeat.getSbom().isEmpty()) {
      if (roomForSbom(now)) {
        sboms.put(sha, heartbeat.getSbom().toByteArray());
      }
      return false;
    }
    if (sha.equals(record.askedSbom) || !roomForSbom(now)) {
      return false; // it has none to send, or there is nowhere to keep it
    }
    record.askedSbom = sha;
    return true;
  }

  /** The SBOM a component of this build reported (or the control plane's own). */
  public synchronized Optional<byte[]> sbom(String sha256) {
    if (sha256.equals(self.sha256()) && self.sbom().isPresent()) {
      return self.sbom();
    }
    return Optional.ofNullable(sboms.get(sha256));
  }

  /** Instances that reported within three intervals. */
  public synchronized int runningInstances() {
    Instant now = clock.instant();
    return (int) instances.values().stream().filter(r -> running(r, now)).count();
  }

  /** The components running now. */
  public FleetComponents components() {
    Instant now = clock.instant();
    List<FleetComponent> reported = new ArrayList<>();
    synchronized (this) {
      expire(now);
      for (InstanceRecord r : instances.values()) {
        if (running(r, now)) {
          reported.add(heartbeatComponent(r));
        }
      }
    }
    List<FleetComponent> all = new ArrayList<>(FleetComponentMerge.withPods(reported, pods.get()));
    all.add(selfComponent(now));
    all.sort(
        Comparator.comparing(FleetComponent::component)
            .thenComparing(
                FleetComponent::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FleetComponent::instance));
    return new FleetComponents(time(now), mode, intervalSeconds, all);
  }

  /** The edges of the last {@code window}. */
  FleetPosture posture(PostureWindow parsed) {
    Instant to = clock.instant();
    Instant from = to.minus(parsed.duration());
    List<InstanceView> views = new ArrayList<>();
    synchronized (this) {
      expire(to);
      for (InstanceRecord r : instances.values()) {
        if (!r.lastSeen.isBefore(from)) {
          ReportedIdentity id = ReportedIdentity.of(r.identity);
          views.add(
              new InstanceView(
                  r.instance,
                  r.component,
                  r.identity,
                  id.namespace(),
                  id.workload(),
                  r.lastSeen,
                  r.samples()));
        }
      }
    }
    views = FleetComponentMerge.podWorkloads(views, pods.get());
    List<FleetPosture.Edge> edges = PostureCalculation.edges(views, from);
    int proxies = (int) views.stream().filter(v -> "proxy".equals(v.component())).count();
    return new FleetPosture(
        time(to),
        parsed.text(),
        time(from),
        time(to),
        edges,
        PostureCalculation.summary(edges),
        proxies);
  }

  private boolean running(InstanceRecord record, Instant now) {
    return !record.lastSeen.plus(stale).isBefore(now);
  }

  private FleetComponent heartbeatComponent(InstanceRecord r) {
    ReportedIdentity id = ReportedIdentity.of(r.identity);
    return new FleetComponent(
        r.component,
        r.instance,
        r.version,
        r.sha256,
        null,
        null,
        r.identity,
        r.identityVerified,
        id.namespace(),
        id.workload(),
        r.zone,
        r.startedAt == null ? null : time(r.startedAt),
        time(r.lastSeen),
        List.of("heartbeat"),
        r.sha256 != null && sboms.containsKey(r.sha256));
  }

  private FleetComponent selfComponent(Instant now) {
    return new FleetComponent(
        "control-plane",
        self.instance(),
        self.version(),
        self.sha256(),
        null,
        null,
        self.identity(),
        self.identity() != null,
        self.namespace(),
        ReportedIdentity.of(self.identity()).workload(),
        null,
        time(self.startedAt()),
        time(now),
        List.of("self"),
        self.sbom().isPresent());
  }

  /** Drops instances stopped for longer than the samples are kept. */
  private void expire(Instant now) {
    // A walk over every instance: once a minute is often enough for a 24 h retention.
    if (lastExpiry != null && now.isBefore(lastExpiry.plus(Duration.ofMinutes(1)))) {
      return;
    }
    lastExpiry = now;
    Instant horizon = now.minus(InstanceRecord.RETENTION);
    for (Iterator<InstanceRecord> it = instances.values().iterator(); it.hasNext(); ) {
      InstanceRecord r = it.next();
      if (r.lastSeen.isBefore(horizon)) {
        storedEdges -= r.edgeEntries();
        it.remove();
      }
    }
  }

  /**
   * Brings the samples of the whole fleet down to nine tenths of the bound, oldest first: a fleet
   * too large for a day of samples keeps a shorter history rather than exhaust the heap. Said in
   * the log at most once an hour.
   */
  private void dropOldestSamples(Instant now) {
    PriorityQueue<InstanceRecord> byOldest =
        new PriorityQueue<>(Comparator.comparing(InstanceRecord::oldestSample));
    for (InstanceRecord r : instances.values()) {
      if (r.oldestSample() != null) {
        byOldest.add(r);
      }
    }
    long target = maxStoredEdges / 10 * 9;
    int dropped = 0;
    while (storedEdges > target && !byOldest.isEmpty()) {
      InstanceRecord r = byOldest.poll();
      storedEdges -= r.dropOldestSample();
      dropped++;
      if (r.oldestSample() != null) {
        byOldest.add(r);
      }
    }
    samplesDropped += dropped;
    if (lastDropLog == null || !now.isBefore(lastDropLog.plus(Duration.ofHours(1)))) {
      lastDropLog = now;
      InstanceRecord oldest = byOldest.peek();
      String reach = oldest == null ? "now" : time(oldest.oldestSample());
      LOG.warnf(
          "fleet posture: the samples of %d instances hold more than %d edge entries: dropped"
              + " the oldest %d; posture windows now reach back to %s",
          instances.size(), maxStoredEdges, dropped, reach);
    }
  }

  /** Edge entries over all posture samples, for {@code weft_fleet_posture_edge_entries}. */
  public synchronized long storedEdgeEntries() {
    return storedEdges;
  }

  /** Samples dropped to keep the bound, for {@code weft_fleet_posture_samples_dropped_total}. */
  public synchronized long samplesDropped() {
    return samplesDropped;
  }

  /** Makes room by dropping the instance stopped longest ago; false when all are running. */
  private boolean evictStopped(Instant now) {
    InstanceRecord oldest = null;
    for (InstanceRecord r : instances.values()) {
      if (!running(r, now) && (oldest == null || r.lastSeen.isBefore(oldest.lastSeen))) {
        oldest = r;
      }
    }
    if (oldest == null) {
      return false;
    }
    instances.remove(oldest.instance);
    storedEdges -= oldest.edgeEntries();
    return true;
  }

  /** Whether one more SBOM fits, dropping one no running instance runs if need be. */
  private boolean roomForSbom(Instant now) {
    if (sboms.size() < MAX_SBOMS) {
      return true;
    }
    for (Iterator<String> it = sboms.keySet().iterator(); it.hasNext(); ) {
      String sha = it.next();
      boolean used =
          instances.values().stream().anyMatch(r -> running(r, now) && sha.equals(r.sha256));
      if (!used) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}

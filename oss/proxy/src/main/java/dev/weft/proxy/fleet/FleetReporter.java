package dev.weft.proxy.fleet;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.api.fleet.v1.InventoryGrpc;
import dev.weft.proxy.controlplane.Backoff;
import dev.weft.proxy.controlplane.CallbackThread;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports this proxy to the control plane's fleet inventory ({@code
 * weft.fleet.v1.Inventory/Report}): at start, then every {@code interval_seconds} of the last reply
 * ({@value #DEFAULT_INTERVAL_SECONDS} s until a reply came), and at once again when a reply asks
 * for the SBOM. While the control plane is unreachable it tries again with backoff (1 s doubling to
 * 30 s), logging once when an outage starts and once when heartbeats go through again.
 *
 * <p>Threading: everything runs on the reporter's own thread (calls are asynchronous, their
 * callbacks come back to it): the jar digest, the meter walk and the SBOM read never touch an event
 * loop, and no traffic ever waits for a heartbeat. {@link #close} may be called from any thread.
 */
public final class FleetReporter implements AutoCloseable {
  static final int DEFAULT_INTERVAL_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(FleetReporter.class.getName());

  /** Longer than any answer of a healthy control plane; a shorter wait is an outage. */
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final String target;
  private final Supplier<ReportedSelf> describe;
  private final MeterRegistry registry;
  private final Supplier<Optional<byte[]>> sbom;
  private final Function<Heartbeat, Optional<IdentityProof>> prove;
  private final CallbackThread thread;
  private final InventoryGrpc.InventoryStub stub;
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), ThreadLocalRandom.current());
  private volatile boolean closed;
  private volatile int failures;

  // Confined to the reporter's thread.
  private ReportedSelf self;
  private ScheduledFuture<?> next;
  private boolean inFlight;
  private boolean again;
  private boolean sbomAsked;
  private boolean unreachable;
  private boolean sbomUnreadable;

  private FleetReporter(
      Channel channel,
      String target,
      Supplier<ReportedSelf> describe,
      MeterRegistry registry,
      Supplier<Optional<byte[]>> sbom,
      Function<Heartbeat, Optional<IdentityProof>> prove) {
    this.target = Objects.requireNonNull(target, "target");
    this.describe = Objects.requireNonNull(describe, "describe");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.sbom = Objects.requireNonNull(sbom, "sbom");
    this.prove = Objects.requireNonNull(prove, "prove");
    this.thread = new CallbackThread("weft-fleet");
    this.stub = InventoryGrpc.newStub(channel).withExecutor(thread);
  }

  /**
   * Starts reporting over {@code channel} (the caller's; this reporter never closes it).
   *
   * @param target the control plane's address, for logs
   * @param describe what the proxy says about itself; called once, on the reporter's thread
   * @param registry the proxy's meters, walked for the edges of each heartbeat
   * @param sbom the proxy's embedded SBOM, read only when the control plane asks for it
   * @param prove the proof of a heartbeat's identity ({@link IdentityProofs}), if it has one
   */
  public static FleetReporter start(
      Channel channel,
      String target,
      Supplier<ReportedSelf> describe,
      MeterRegistry registry,
      Supplier<Optional<byte[]>> sbom,
      Function<Heartbeat, Optional<IdentityProof>> prove) {
    FleetReporter r = new FleetReporter(channel, target, describe, registry, sbom, prove);
    r.thread.execute(r::report);
    return r;
  }

  /**
   * Sends a heartbeat now rather than at the interval (the proxy just got its identity certificate,
   * which the next heartbeat proves); one in flight is followed by another at once.
   */
  public void reportSoon() {
    thread.execute(() -> {
      if (closed) {
        return;
      }
      if (inFlight) {
        again = true;
        return;
      }
      if (next != null) {
        next.cancel(false);
      }
      report();
    });
  }

  private void report() {
    if (closed) {
      return;
    }
    try {
      send();
    } catch (RuntimeException e) {
      // A bug in building the heartbeat: the next one may succeed, and stopping for good would
      // take the proxy out of the inventory without a word.
      inFlight = false;
      LOG.log(Level.SEVERE, "fleet heartbeat not sent; trying again at the interval", e);
      schedule(Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS));
    }
  }

  private void send() {
    if (self == null) {
      self = describe.get();
    }
    byte[] bom = sbomAsked ? readSbom().orElse(null) : null;
    Heartbeat heartbeat = heartbeat(bom);
    inFlight = true;
    stub.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .report(
            heartbeat,
            new StreamObserver<>() {
              private HeartbeatReply reply = HeartbeatReply.getDefaultInstance();

              @Override
              public void onNext(HeartbeatReply r) {
                reply = r;
              }

              @Override
              public void onError(Throwable t) {
                failed(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                answered(reply, bom != null);
              }
            });
  }

  private Heartbeat heartbeat(byte[] bom) {
    MeterEdges.Walk walk = MeterEdges.walk(registry, MeterEdges.MAX_EDGES);
    Heartbeat.Builder b =
        Heartbeat.newBuilder()
            .setInstance(self.instance())
            .setComponent("proxy")
            .setVersion(self.version())
            .setSha256(self.sha256())
            .setIdentity(self.identity())
            .setZone(self.zone())
            .setStartedAt(
                Timestamp.newBuilder()
                    .setSeconds(self.startedAt().getEpochSecond())
                    .setNanos(self.startedAt().getNano()))
            .addAllEdges(walk.edges())
            .setEdgesTruncated(walk.truncated());
    if (bom != null) {
      b.setSbom(ByteString.copyFrom(bom));
    }
    prove.apply(b.build()).ifPresent(b::setIdentityProof);
    return b.build();
  }

  private Optional<byte[]> readSbom() {
    try {
      return sbom.get();
    } catch (UncheckedIOException e) {
      // The jar changed under the process or cannot be read: report the rest, say why once.
      if (!sbomUnreadable) {
        sbomUnreadable = true;
        LOG.log(Level.WARNING, "fleet heartbeats: the SBOM cannot be read; sending none", e);
      }
      return Optional.empty();
    }
  }

  private void answered(HeartbeatReply reply, boolean sentSbom) {
    inFlight = false;
    if (closed) {
      return;
    }
    backoff.reset();
    if (unreachable) {
      unreachable = false;
      LOG.info(() -> "fleet heartbeats to " + target + " go through again");
    }
    sbomAsked = reply.getSendSbom();
    int seconds =
        reply.getIntervalSeconds() == 0 ? DEFAULT_INTERVAL_SECONDS : reply.getIntervalSeconds();
    // At once only for an SBOM not just sent: a control plane that keeps asking (one it refused)
    // gets it at the interval, never in a loop; a build without one has nothing to send.
    boolean now = again || (sbomAsked && !sentSbom && readSbom().isPresent());
    again = false;
    schedule(now ? Duration.ZERO : Duration.ofSeconds(seconds));
  }

  private void failed(Status status) {
    inFlight = false;
    again = false; // the backoff's next try carries whatever changed
    if (closed) {
      return;
    }
    failures++;
    Duration delay = backoff.next();
    if (!unreachable) {
      unreachable = true;
      LOG.warning(() ->
          "fleet heartbeats to "
              + target
              + ": "
              + ControlPlaneChannels.describe(status)
              + "; trying again with backoff (up to 30 s), quietly until one goes through");
    }
    schedule(delay);
  }

  private void schedule(Duration delay) {
    next = thread.schedule(this::report, delay);
  }

  /** Heartbeats that failed since start: how a test sees an outage last several tries. */
  int failures() {
    return failures;
  }

  /** Stops reporting; a call in flight is left to the channel, whose owner closes it. */
  @Override
  public void close() {
    closed = true;
    // Not shutdownNow: a reply's callback already queued must run to let go of its buffers.
    thread.close();
  }
}

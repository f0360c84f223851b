package dev.weft.proxy.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reporter against a real Inventory server on 127.0.0.1: what it sends, when, and outages. */
class FleetReporterTest {
  private static final byte[] SBOM =
      "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);
  private static final ReportedSelf SELF =
      new ReportedSelf(
          "books-0",
          "1.2.3",
          "ab".repeat(32),
          "books.demo.serviceaccount.identity.weft.cluster.local",
          "zone-b",
          Instant.parse("2026-01-02T03:04:05.678Z"));

  /** Longer than any wait below: a heartbeat seen within it was not waiting for the interval. */
  private static final int LONG_INTERVAL = 600;

  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logs.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FakeInventory inventory;
  private ManagedChannel channel;
  private FleetReporter reporter;

  @BeforeEach
  void start() throws Exception {
    Logger.getLogger(FleetReporter.class.getName()).addHandler(capture);
    inventory = new FakeInventory();
    channel = NettyChannelBuilder.forAddress(inventory.address()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    Logger.getLogger(FleetReporter.class.getName()).removeHandler(capture);
    if (reporter != null) {
      reporter.close();
    }
    channel.shutdownNow();
    inventory.close();
  }

  private void startReporter() {
    startReporter(() -> Optional.of(SBOM), IdentityProofs.none());
  }

  private void startReporter(
      Supplier<Optional<byte[]>> sbom, Function<Heartbeat, Optional<IdentityProof>> prove) {
    reporter =
        FleetReporter.start(channel, "the test's inventory", () -> SELF, registry, sbom, prove);
  }

  @Test
  void firstHeartbeatDescribesTheProxyAndTheSbomFollowsAtOnceWhenAsked() {
    inventory.reply =
        HeartbeatReply.newBuilder().setIntervalSeconds(LONG_INTERVAL).setSendSbom(true).build();
    Counter.builder("tcp_open")
        .tags("direction", "outbound", "target_addr", "127.0.0.1:7721", "tls", "true")
        .tags("client_id", "", "server_id", "authors.demo", "peer", "dst")
        .register(registry)
        .increment(2);
    startReporter();
    Await.until(
        Duration.ofSeconds(20), "a second heartbeat, at once", () -> inventory.count() >= 2);

    Heartbeat first = inventory.heartbeats.getFirst();
    assertEquals("books-0", first.getInstance());
    assertEquals("proxy", first.getComponent());
    assertEquals("1.2.3", first.getVersion());
    assertEquals("ab".repeat(32), first.getSha256());
    assertEquals("books.demo.serviceaccount.identity.weft.cluster.local", first.getIdentity());
    assertEquals("zone-b", first.getZone());
    assertEquals(1767323045L, first.getStartedAt().getSeconds());
    assertEquals(678_000_000, first.getStartedAt().getNanos());
    assertTrue(first.getSbom().isEmpty(), "no SBOM until asked");
    assertEquals(1, first.getEdgesCount());
    assertEquals("authors.demo", first.getEdges(0).getPeerIdentity());
    assertEquals(2, first.getEdges(0).getConnections());

    Heartbeat second = inventory.heartbeats.get(1);
    assertArrayEquals(SBOM, second.getSbom().toByteArray());
    assertEquals(first.getStartedAt(), second.getStartedAt(), "the same process");
  }

  @Test
  void reportSoonSendsTheNextHeartbeatWithoutWaitingForTheInterval() {
    inventory.reply = HeartbeatReply.newBuilder().setIntervalSeconds(LONG_INTERVAL).build();
    AtomicBoolean certified = new AtomicBoolean();
    IdentityProof proof =
        IdentityProof.newBuilder().setSignedAt(Timestamp.getDefaultInstance()).build();
    startReporter(Optional::empty, h -> certified.get() ? Optional.of(proof) : Optional.empty());
    Await.until(Duration.ofSeconds(20), "a first heartbeat", () -> inventory.count() >= 1);
    assertFalse(inventory.heartbeats.getFirst().hasIdentityProof(), "not certified yet");
    certified.set(true);
    reporter.reportSoon();
    // The reply asked for the next one in 10 minutes: this one comes at once, with the proof.
    Await.until(Duration.ofSeconds(20), "a heartbeat at once", () -> inventory.count() >= 2);
    assertTrue(inventory.heartbeats.get(1).hasIdentityProof());
  }

  @Test
  void theReplysIntervalIsHonoured() {
    inventory.reply = HeartbeatReply.newBuilder().setIntervalSeconds(1).build();
    startReporter();
    // Before a reply the interval is 30 s: four heartbeats in 20 s follow the reply's 1 s.
    Await.until(Duration.ofSeconds(20), "heartbeats every second", () -> inventory.count() >= 4);
    assertTrue(inventory.heartbeats.stream().allMatch(h -> h.getSbom().isEmpty()), "never asked");
  }

  @Test
  void anOutageIsLoggedOnceAndHeartbeatsResumeWhenTheControlPlaneIsBack() throws Exception {
    inventory.reply = HeartbeatReply.newBuilder().setIntervalSeconds(1).build();
    startReporter();
    Await.until(Duration.ofSeconds(20), "a first heartbeat", () -> inventory.count() >= 1);

    inventory.stop();
    Await.until(Duration.ofSeconds(30), "several failed tries", () -> reporter.failures() >= 3);
    List<LogRecord> warnings = logs.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
    assertEquals(1, warnings.size(), "one line per outage: " + logs);
    assertTrue(warnings.getFirst().getMessage().contains("UNAVAILABLE"), warnings.toString());

    int before = inventory.count();
    inventory.restart();
    Await.until(Duration.ofSeconds(40), "heartbeats again", () -> inventory.count() > before);
    Await.until(
        Duration.ofSeconds(5),
        "the recovery logged",
        () -> logs.stream().anyMatch(r -> r.getMessage().contains("go through again")));
    assertEquals(
        1, logs.stream().filter(r -> r.getLevel() == Level.WARNING).count(), logs::toString);
    assertEquals("books-0", inventory.last().getInstance());
  }
}

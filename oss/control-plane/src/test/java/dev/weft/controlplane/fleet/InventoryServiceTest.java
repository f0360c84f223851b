package dev.weft.controlplane.fleet;

import static dev.weft.controlplane.fleet.InventoryTestServer.SHA;
import static dev.weft.controlplane.fleet.InventoryTestServer.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.testkit.ManualClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Heartbeats over a real gRPC connection: replies, refusals, SBOM requests, staleness. */
class InventoryServiceTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InventoryTestServer server = new InventoryTestServer(clock, "local", List::of);

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void anInstanceIsListedUntilThreeIntervalsPassWithoutAHeartbeat() {
    HeartbeatReply reply = server.report(proxy("books-0", "books", "demo").build());
    assertEquals(30, reply.getIntervalSeconds());
    assertEquals(1, server.inventory.runningInstances());
    FleetComponent books = proxies().getFirst();
    assertEquals("books-0", books.instance());
    assertEquals("demo", books.namespace());
    assertEquals(new Workload("serviceaccount", "books"), books.workload());
    assertEquals("2026-11-23T08:00:00Z", books.startedAt());
    assertEquals("2026-11-23T09:00:00Z", books.lastSeen());
    assertEquals(List.of("heartbeat"), books.sources());

    clock.advance(Duration.ofSeconds(90));
    assertEquals(1, proxies().size(), "seen exactly three intervals ago: still running");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of(), proxies());
    assertEquals(0, server.inventory.runningInstances());
    // The control plane lists itself whatever reports.
    assertEquals(
        List.of("control-plane"),
        server.inventory.components().components().stream()
            .map(FleetComponent::component)
            .toList());
  }

  @Test
  void theSbomOfABuildIsAskedForOnceAndKept() {
    assertTrue(server.report(proxy("books-0", "books", "demo").build()).getSendSbom());
    byte[] sbom = "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);
    assertFalse(
        server
            .report(proxy("books-0", "books", "demo").setSbom(ByteString.copyFrom(sbom)).build())
            .getSendSbom());
    // Once it is held, no other instance of the build is asked.
    assertFalse(server.report(proxy("books-1", "books", "demo").build()).getSendSbom());
    assertEquals(new String(sbom, StandardCharsets.UTF_8), sbom(SHA));
    assertTrue(proxies().stream().allMatch(FleetComponent::sbom));

    // A build without an SBOM answers with none: it is not asked again (no loop of reports).
    String other = "cd".repeat(32);
    assertTrue(server.report(proxy("old-0", "old", "demo").setSha256(other).build()).getSendSbom());
    assertFalse(
        server.report(proxy("old-0", "old", "demo").setSha256(other).build()).getSendSbom());
    assertTrue(server.inventory.sbom(other).isEmpty());
    // Without a jar digest there is nothing to ask for.
    assertFalse(server.report(proxy("ide", "dev", "demo").setSha256("").build()).getSendSbom());
  }

  @Test
  void heartbeatsOutOfBoundsAreRefusedNamingTheField() {
    assertInvalid(proxy("", "books", "demo"), "instance: empty");
    assertInvalid(proxy("books-0", "books", "demo").setComponent(""), "component: empty");
    assertInvalid(proxy("books-0", "books", "demo").setVersion(""), "version: empty");
    assertInvalid(proxy("x".repeat(254), "books", "demo"), "instance: 254 characters");
    assertInvalid(proxy("books-0", "books", "demo").setSha256("ABC"), "sha256: 'ABC'");
    assertInvalid(
        proxy("books-0", "books", "demo").setSbom(ByteString.copyFromUtf8("not json")),
        "sbom: not JSON");
    assertInvalid(
        proxy("books-0", "books", "demo")
            .setSbom(ByteString.copyFrom(new byte[FleetInventory.MAX_SBOM_BYTES + 1])),
        "sbom: 4194305 bytes");
    assertInvalid(
        proxy("books-0", "books", "demo")
            .addEdges(Edge.newBuilder().setDirection("sideways").setTargetAddr("a:1")),
        "edges[0].direction: 'sideways' (expected: inbound or outbound)");
    assertInvalid(
        proxy("books-0", "books", "demo")
            .addEdges(Edge.newBuilder().setDirection("outbound").setTargetAddr("a:1"))
            .addEdges(Edge.newBuilder().setDirection("outbound")),
        "edges[1].target_addr: empty");
    assertEquals(9, server.heartbeats("invalid"));
    assertEquals(0, server.heartbeats("ok"));
    assertEquals(0, server.inventory.runningInstances());
  }

  @Test
  void aFullInventoryRefusesNewInstancesButMakesRoomFromStoppedOnes() throws Exception {
    for (int i = 0; i < FleetInventory.MAX_INSTANCES; i++) {
      server.inventory.report(proxy("p-" + i, "books", "demo").build());
    }
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> server.report(proxy("one-more", "books", "demo").build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("one-more"), e.getStatus().toString());
    assertEquals(1, server.heartbeats("refused"));
    // A known instance still reports.
    server.report(proxy("p-7", "books", "demo").build());

    // Once the others have stopped, a newcomer takes the place of one of them.
    clock.advance(Duration.ofMinutes(5));
    server.report(proxy("one-more", "books", "demo").build());
    assertEquals(1, server.inventory.runningInstances());
    assertEquals(2, server.heartbeats("ok"));
  }

  private void assertInvalid(Heartbeat.Builder heartbeat, String expected) {
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> server.report(heartbeat.build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().startsWith(expected),
        "expected '" + expected + "...', got: " + e.getStatus().getDescription());
  }

  private List<FleetComponent> proxies() {
    return server.inventory.components().components().stream()
        .filter(c -> c.component().equals("proxy"))
        .toList();
  }

  private String sbom(String sha) {
    return new String(server.inventory.sbom(sha).orElseThrow(), StandardCharsets.UTF_8);
  }
}

package dev.weft.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.InventoryGrpc;
import dev.weft.controlplane.identity.ca.Pem;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Local mode: a proxy's heartbeats over the gRPC port (TLS, like Destination), seen through {@code
 * /v1/fleet/components}, {@code /v1/fleet/sboms/SHA} and {@code /v1/fleet/posture}.
 */
@QuarkusTest
@WithTestResource(TemporaryStateDirectory.class)
class ControlPlaneFleetInventoryTest {
  static final String SHA = "5e".repeat(32);
  static final String AUTHORS = "authors.demo.serviceaccount.identity.weft.cluster.local";

  @Inject ControlPlane controlPlane;

  @ConfigProperty(name = "weft.state-dir")
  String stateDir;

  @Test
  void heartbeatsAreListedWithTheirSbomAndTraffic() throws Exception {
    byte[] sbom =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}".getBytes(StandardCharsets.UTF_8);
    ManagedChannel channel = channel();
    try {
      InventoryGrpc.InventoryBlockingStub inventory =
          InventoryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      HeartbeatReply first = inventory.report(heartbeat(3, 9).build());
      assertEquals(30, first.getIntervalSeconds());
      assertTrue(first.getSendSbom(), "no SBOM of this build yet");
      HeartbeatReply second =
          inventory.report(heartbeat(4, 12).setSbom(ByteString.copyFrom(sbom)).build());
      assertFalse(second.getSendSbom());
      StatusRuntimeException refused =
          assertThrows(
              StatusRuntimeException.class,
              () -> inventory.report(heartbeat(4, 12).setVersion("").build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().startsWith("version: empty"));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    JsonPath answer =
        given().get("/v1/fleet/components").then().statusCode(200).extract().jsonPath();
    assertEquals("local", answer.getString("mode"));
    assertEquals(30, answer.getInt("heartbeatIntervalSeconds"));
    assertTrue(
        Instant.parse(answer.getString("generatedAt")).isAfter(Instant.now().minusSeconds(60)));
    List<Map<String, Object>> components = answer.getList("components");
    assertEquals(
        List.of("control-plane", "proxy"),
        components.stream().map(c -> c.get("component")).toList());
    Map<String, Object> self = components.get(0);
    assertEquals(List.of("self"), self.get("sources"));
    assertEquals(ControlPlaneLocalModeTest.CONTROL_PLANE, self.get("identity"));
    assertEquals("weft", self.get("namespace"));
    Map<String, Object> books = components.get(1);
    assertEquals("books-0", books.get("instance"));
    assertEquals("0.1.0-SNAPSHOT", books.get("version"));
    assertEquals(SHA, books.get("sha256"));
    assertEquals("demo", books.get("namespace"));
    assertEquals(Map.of("kind", "serviceaccount", "name", "books"), books.get("workload"));
    assertEquals("zone-a", books.get("zone"));
    assertEquals(List.of("heartbeat"), books.get("sources"));
    assertEquals(true, books.get("sbom"));
    // Unknown fields are there, as null: the contract's shape does not depend on the mode.
    assertTrue(books.containsKey("image") && books.containsKey("imageDigest"));
    assertNull(books.get("image"));

    byte[] served =
        given()
            .get("/v1/fleet/sboms/" + SHA)
            .then()
            .statusCode(200)
            .contentType("application/vnd.cyclonedx+json")
            .extract()
            .asByteArray();
    assertEquals(
        new String(sbom, StandardCharsets.UTF_8), new String(served, StandardCharsets.UTF_8));
    given()
        .get("/v1/fleet/sboms/" + "00".repeat(32))
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", containsString("no SBOM for sha256 '" + "00".repeat(32) + "'"));

    // The process started within the hour: all its traffic is in the window.
    JsonPath posture =
        given().get("/v1/fleet/posture?window=1h").then().statusCode(200).extract().jsonPath();
    assertEquals("1h", posture.getString("window"));
    assertEquals(
        Duration.ofHours(1),
        Duration.between(
            Instant.parse(posture.getString("from")), Instant.parse(posture.getString("to"))));
    assertEquals(1, posture.getInt("proxies"));
    assertEquals(1, posture.getList("edges").size());
    assertEquals("outbound", posture.getString("edges[0].direction"));
    assertEquals("books", posture.getString("edges[0].source.workload.name"));
    assertEquals("authors:80", posture.getString("edges[0].destination.authority"));
    assertEquals("127.0.0.1:7722", posture.getString("edges[0].destination.targetAddr"));
    assertEquals(AUTHORS, posture.getString("edges[0].destination.identity"));
    assertTrue(posture.getBoolean("edges[0].mtls"));
    assertEquals(4, posture.getLong("edges[0].connections"));
    assertEquals(12, posture.getLong("edges[0].requests"));
    assertEquals(1, posture.getInt("summary.mtlsEdges"));
    assertEquals(0, posture.getInt("summary.plaintextEdges"));
    assertEquals(12, posture.getLong("summary.mtlsRequests"));

    given()
        .get("/v1/fleet/posture?window=2d")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body(
            "error",
            equalTo(
                "window: '2d' (expected: a duration such as 30s, 15m, 1h or 24h, more than 0 and at"
                    + " most 24h)"));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("weft_fleet_heartbeats_total{result=\"ok\"} 2.0"), metrics);
    assertTrue(metrics.contains("weft_fleet_heartbeats_total{result=\"invalid\"} 1.0"), metrics);
    assertTrue(metrics.contains("weft_fleet_inventory_instances 1.0"), metrics);
  }

  private static Heartbeat.Builder heartbeat(long connections, long requests) {
    Instant started = Instant.now().minus(Duration.ofMinutes(5));
    return Heartbeat.newBuilder()
        .setInstance("books-0")
        .setComponent("proxy")
        .setVersion("0.1.0-SNAPSHOT")
        .setSha256(SHA)
        .setIdentity("books.demo.serviceaccount.identity.weft.cluster.local")
        .setZone("zone-a")
        .setStartedAt(Timestamp.newBuilder().setSeconds(started.getEpochSecond() / 60 * 60))
        .addEdges(
            Edge.newBuilder()
                .setDirection("outbound")
                .setTargetAddr("127.0.0.1:7722")
                .setTls(true)
                .setPeerIdentity(AUTHORS)
                .setConnections(connections)
                .putRequests("authors:80", requests));
  }

  private ManagedChannel channel() throws Exception {
    Path bundle = Path.of(stateDir, "identity", "trust-bundle.pem");
    return new GrpcTlsClient()
        .builder(
            controlPlane.identityPort(),
            Pem.readCertificates(Files.readString(bundle), bundle.toString()),
            ControlPlaneLocalModeTest.CONTROL_PLANE)
        .build();
  }
}

package dev.weft.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.controlplane.discovery.local.LocalRegistry;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.testkit.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Local mode: the registry file served by Destination on the Identity port, and its status. */
@QuarkusTest
@WithTestResource(TemporaryStateDirectory.class)
class ControlPlaneDiscoveryTest {
  @Inject ControlPlane controlPlane;

  @ConfigProperty(name = "weft.state-dir")
  String stateDir;

  @Test
  void theRegistryFileIsServedAndItsErrorsShown() throws Exception {
    Path temporary = Files.createTempFile(Path.of(stateDir), ".registry", ".tmp");
    Files.writeString(
        temporary,
        """
        service books:80
          endpoint 127.0.0.1:7721 identity=books.demo.serviceaccount.identity.weft.cluster.local
        service broken:80
          endpoint 127.0.0.1:x
        """);
    Files.move(
        temporary,
        Path.of(stateDir, LocalRegistry.FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Path bundle = Path.of(stateDir, "identity", "trust-bundle.pem");
    try (WatchClient books =
        WatchClient.watch(
            new GrpcTlsClient()
                .builder(
                    controlPlane.identityPort(),
                    Pem.readCertificates(Files.readString(bundle), bundle.toString()),
                    ControlPlaneLocalModeTest.CONTROL_PLANE),
            "books:80")) {
      Await.until(
          () -> books.endpoints().keySet().equals(Set.of("127.0.0.1:7721")),
          "books through Destination on the gRPC port");
    }
    JsonPath status =
        given()
            .auth()
            .oauth2(Files.readString(Path.of(stateDir, "admin-token")).strip())
            .get("/local/v1/registry")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of("books:80"), status.getList("services"));
    assertEquals(4, status.getInt("errors[0].line"));
    assertEquals(
        "registry.conf:4: endpoint '127.0.0.1:x': port 'x' is not a number (expected: 1..65535)",
        status.getString("errors[0].message"));
    given().get("/local/v1/registry").then().statusCode(401);
    // books' one endpoint has a proxy (an identity): one meshed workload, known by that identity.
    JsonPath fleet = given().get("/v1/fleet").then().statusCode(200).extract().jsonPath();
    assertEquals("registry", fleet.getString("source"));
    assertEquals(1, fleet.getInt("meshedPods"));
    assertEquals(1, fleet.getInt("meshedWorkloads"));
    assertEquals("demo", fleet.getString("workloads[0].namespace"));
    assertEquals("serviceaccount", fleet.getString("workloads[0].kind"));
    assertEquals("books", fleet.getString("workloads[0].name"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("weft_fleet_meshed_workloads 1.0"));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'discovery' }.data.errors", equalTo(1));
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("weft_discovery_services "))
        .body(containsString("weft_discovery_source_errors 1.0"))
        .body(containsString("weft_destination_updates_sent_total{kind=\"add\"}"));
  }
}

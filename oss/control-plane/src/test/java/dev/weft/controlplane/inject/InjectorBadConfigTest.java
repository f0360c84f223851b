package dev.weft.controlplane.inject;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.TemporaryStateDirectory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad proxy.json stops the injector only: readiness names the file and key, identity serves. */
@QuarkusTest
@TestProfile(BadInjectorConfigProfile.class)
@WithTestResource(TemporaryStateDirectory.class)
class InjectorBadConfigTest {
  @Inject InjectorWebhook webhook;
  @Inject ControlPlane controlPlane;

  @Test
  void readinessSaysWhyAndTheRestKeepsWorking() {
    String expected =
        "injector config "
            + BadInjectorConfigProfile.CONFIG
            + ": inboundPort: 70000 (expected: a port from 1 to 65535)";
    assertEquals(expected, webhook.notReadyReason());
    assertEquals(-1, webhook.port(), "no webhook port was opened");
    assertNull(controlPlane.notReadyReason(), "identity is unaffected");
    JsonPath ready = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
    List<Map<String, Object>> checks = ready.getList("checks");
    Map<String, Object> injector =
        checks.stream().filter(c -> c.get("name").equals("injector")).findFirst().orElseThrow();
    assertEquals("DOWN", injector.get("status"));
    assertEquals(expected, ((Map<?, ?>) injector.get("data")).get("reason"));
    assertEquals("invalid", ((Map<?, ?>) injector.get("data")).get("config"));
    given()
        .get("/q/health/ready")
        .then()
        .body("checks.find { it.name == 'identity' }.status", equalTo("UP"));
  }
}

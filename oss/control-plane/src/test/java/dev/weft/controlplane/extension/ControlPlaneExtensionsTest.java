package dev.weft.controlplane.extension;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.TemporaryStateDirectory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Extensions found with ServiceLoader (the test classpath registers two): the available one is
 * started with a local-mode context, its gauge and status are served; the unavailable one is not.
 */
@QuarkusTest
@WithTestResource(TemporaryStateDirectory.class)
class ControlPlaneExtensionsTest {
  @Inject ControlPlane controlPlane;

  @Test
  void availableExtensionIsStartedWithLocalContext() {
    assertEquals(1, ProbeExtension.starts);
    assertEquals("local", ProbeExtension.started.mode());
    assertEquals("weft", ProbeExtension.started.namespace());
    assertTrue(ProbeExtension.started.secret("weft-license", "license").isEmpty());
    assertFalse(UnavailableExtension.started);
  }

  @Test
  void gaugeIsOnMetrics() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("# HELP weft_probe_meshed_workloads Test"))
        .body(containsString("weft_probe_meshed_workloads 42.0"));
  }

  @Test
  void statusIsServedAndUnknownNamesAre404() {
    // The application (and its state directory) is shared with other tests that register
    // endpoints: the context's count is the fleet's, whatever it is now.
    int meshed = controlPlane.fleet().meshedWorkloads();
    given()
        .get("/v1/extensions/probe")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("mode", equalTo("local"))
        .body("meshedWorkloads", equalTo(meshed));
    given()
        .get("/v1/extensions/unavailable")
        .then()
        .statusCode(404)
        .body(containsString("'unavailable'"));
  }
}

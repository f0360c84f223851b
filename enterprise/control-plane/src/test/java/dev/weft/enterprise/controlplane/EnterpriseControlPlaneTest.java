package dev.weft.enterprise.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The assembled application in local mode: the OSS control plane's endpoints answer, the license
 * extension (found with ServiceLoader in weft-licensing) reports the configured license, and the
 * HAZL extension (weft-hazl) is found and says why it is off (local mode has no ConfigMap).
 */
@QuarkusTest
@WithTestResource(LicensedTestSetup.class)
class EnterpriseControlPlaneTest {
  @ConfigProperty(name = "quarkus.application.name")
  String applicationName;

  @ConfigProperty(name = "weft.identity.port")
  int identityPort;

  @Test
  void configurationIsTheOssFileWithTheAssemblysOverrides() {
    assertEquals("weft-enterprise-control-plane", applicationName);
    // Only the OSS control plane's application.properties sets it (%test profile).
    assertEquals(0, identityPort);
  }

  @Test
  void theOssControlPlaneRuns() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/v1/fleet").then().statusCode(200).body("source", equalTo("registry"));
  }

  @Test
  void licenseMetricsAreExported() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("weft_license_valid 1.0"))
        .body(containsString("weft_license_meshed_workloads_limit 25.0"))
        .body(containsString("weft_license_over_limit 0.0"))
        .body(containsString("weft_license_expiry_timestamp_seconds "));
  }

  @Test
  void licenseStatusNamesTheLicense() {
    given()
        .get("/v1/extensions/license")
        .then()
        .statusCode(200)
        .body("valid", equalTo(true))
        .body("id", equalTo(LicensedTestSetup.LICENSE_ID))
        .body("customer", equalTo("Acme Corp"))
        .body("source", equalTo("WEFT_LICENSE"))
        .body("problem", nullValue())
        .body("meshedWorkloadsLimit", equalTo(25));
  }

  @Test
  void hazlExtensionIsFoundAndSaysWhyItIsOff() {
    given()
        .get("/v1/extensions/hazl")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("reason", containsString("local mode has no ConfigMap"))
        .body("license", containsString(LicensedTestSetup.LICENSE_ID))
        .body("band.low", equalTo(0.8f))
        .body("problems", hasSize(0));
    given().get("/q/metrics").then().statusCode(200).body(containsString("weft_hazl_enabled 0.0"));
  }
}

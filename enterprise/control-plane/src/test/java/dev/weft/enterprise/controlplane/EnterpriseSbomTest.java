package dev.weft.enterprise.controlplane;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testkit.BuildSbom;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/sbom} of the assembly: its own SBOM, not the OSS control plane's, whose jar (with
 * its SBOM) is on the same class path.
 */
@QuarkusTest
@WithTestResource(LicensedTestSetup.class)
class EnterpriseSbomTest {
  @Test
  void servesTheAssemblysSbom() {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
    Response rsp = given().get("/v1/sbom");
    assertEquals(200, rsp.statusCode(), rsp.asString());
    assertEquals("application/vnd.cyclonedx+json", rsp.contentType());
    JsonPath sbom = rsp.jsonPath();
    assertEquals("1.6", sbom.getString("specVersion"));
    assertEquals("dev.weft.enterprise", sbom.getString("metadata.component.group"));
    assertEquals("weft-enterprise-control-plane", sbom.getString("metadata.component.name"));
    assertEquals(System.getProperty("build.version"), sbom.getString("metadata.component.version"));
    List<String> components = sbom.getList("components.name");
    for (String part :
        List.of("weft-control-plane", "weft-licensing", "weft-hazl", "quarkus-rest")) {
      assertTrue(components.contains(part), part + " in " + components);
    }
    assertTrue(!components.contains("picocli"), "excluded from the assembly, so not listed");
  }
}

package dev.weft.controlplane.sbom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.controlplane.TemporaryStateDirectory;
import dev.weft.testkit.BuildSbom;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/sbom}: the control plane reports the SBOM of its own build. */
@QuarkusTest
@WithTestResource(TemporaryStateDirectory.class)
class SbomApiTest {
  @Test
  void servesTheSbomOfItsOwnBuild() throws Exception {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
    Response rsp = given().get("/v1/sbom");
    assertEquals(200, rsp.statusCode(), rsp.asString());
    assertEquals(SbomApi.CYCLONEDX, rsp.contentType());
    byte[] json = rsp.asByteArray();

    JsonParser parser = new JsonParser();
    assertEquals(List.of(), parser.validate(json, Version.VERSION_16), "valid CycloneDX 1.6");
    Bom bom = parser.parse(json);
    Component self = bom.getMetadata().getComponent();
    assertEquals("dev.weft", self.getGroup());
    assertEquals("weft-control-plane", self.getName(), "its own, not weft-api's");
    assertEquals(System.getProperty("build.version"), self.getVersion());
    assertEquals(Component.Type.APPLICATION, self.getType());

    Map<String, Component> byName =
        bom.getComponents().stream()
            .collect(Collectors.toMap(c -> c.getGroup() + ":" + c.getName(), c -> c, (a, b) -> a));
    for (String runtime :
        List.of(
            "dev.weft:weft-api",
            "dev.weft:weft-spi",
            "io.quarkus:quarkus-rest-jackson",
            "io.grpc:grpc-netty",
            "org.bouncycastle:bcpkix-jdk18on")) {
      Component c = byName.get(runtime);
      assertTrue(c != null, runtime + " in " + byName.keySet());
      assertTrue(
          c.getPurl().startsWith("pkg:maven/" + runtime.replace(':', '/') + "@" + c.getVersion()),
          c.getPurl());
    }
    assertEquals("1.87", byName.get("org.bouncycastle:bcpkix-jdk18on").getVersion());
    assertTrue(!byName.containsKey("io.quarkus:quarkus-junit"), "no test dependency");
  }
}

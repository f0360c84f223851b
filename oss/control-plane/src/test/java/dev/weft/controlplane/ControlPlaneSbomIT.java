package dev.weft.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testkit.BuildSbom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application (Quarkus's fast-jar, started by {@code bin/weft-control-plane}) serves
 * the SBOM its application jar carries at {@code GET /v1/sbom}.
 */
class ControlPlaneSbomIT {
  @TempDir Path stateDir;

  @Test
  void thePackagedControlPlaneServesItsSbom() throws Exception {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
    try (ControlPlaneProcess process = ControlPlaneProcess.start(stateDir);
        HttpClient client = HttpClient.newHttpClient()) {
      int http = process.awaitListening()[0];
      HttpResponse<byte[]> rsp =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/sbom"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, rsp.statusCode(), new String(rsp.body()));
      JsonNode sbom = new ObjectMapper().readTree(rsp.body());
      assertEquals("weft-control-plane", sbom.at("/metadata/component/name").asText());
      assertEquals(
          System.getProperty("build.version"), sbom.at("/metadata/component/version").asText());
      assertTrue(sbom.at("/components").size() > 100, "its libraries: Quarkus, gRPC, fabric8");
    }
  }
}

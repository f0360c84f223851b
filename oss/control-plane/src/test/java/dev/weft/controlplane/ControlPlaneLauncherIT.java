package dev.weft.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application started by {@code bin/weft-control-plane}, as real processes: it reports
 * its real ports, a second one on the same state directory is refused, and a restart keeps the
 * root.
 */
class ControlPlaneLauncherIT {
  @TempDir Path stateDir;

  @Test
  void runsRefusesASecondInstanceAndKeepsItsStateAcrossRestarts() throws Exception {
    String root;
    try (ControlPlaneProcess first = ControlPlaneProcess.start(stateDir)) {
      int[] ports = first.awaitListening();
      assertNotEquals(0, ports[0]);
      assertNotEquals(0, ports[1]);
      HttpResponse<String> ready = get("http://127.0.0.1:" + ports[0] + "/q/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"identityPort\": " + ports[1]), ready.body());
      root = Files.readString(stateDir.resolve("identity/trust-bundle.pem"));

      try (ControlPlaneProcess second = ControlPlaneProcess.start(stateDir)) {
        assertNotEquals(0, second.awaitExit());
        assertTrue(
            second
                .output()
                .contains(
                    "state directory " + stateDir + " is in use by another Weft control plane"),
            second.output());
      }
    }
    try (ControlPlaneProcess again = ControlPlaneProcess.start(stateDir)) {
      again.awaitListening();
      assertEquals(root, Files.readString(stateDir.resolve("identity/trust-bundle.pem")));
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}

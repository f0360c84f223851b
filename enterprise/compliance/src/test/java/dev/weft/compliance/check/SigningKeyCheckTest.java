package dev.weft.compliance.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.compliance.MockCluster;
import dev.weft.compliance.SigningKey;
import dev.weft.compliance.cli.TestLicenses;
import dev.weft.spi.cli.CheckResult;
import dev.weft.spi.cli.CheckResult.Status;
import dev.weft.testkit.Kubeconfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing-key line of {@code weft check}'s compliance group, against a mock API server: the
 * Secret the weft-enterprise chart writes, in the control plane's namespace.
 */
class SigningKeyCheckTest {
  private final TestLicenses licenses = new TestLicenses();
  @TempDir Path dir;
  private MockCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start(dir);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private CheckResult keyCheck(String namespace) {
    List<CheckResult> results =
        Checks.run(Checks.IN_TERM, cluster.kubeconfig, namespace, licenses.noLicense());
    assertEquals(2, results.size(), Checks.render(results));
    return results.get(1);
  }

  private void signingSecret(String namespace, Map<String, String> entries) {
    cluster.secret(namespace, "weft-compliance-signing", entries);
  }

  @Test
  void aUsableKeyPassesNamingItsId() {
    SigningKey key = SigningKey.generate();
    signingSecret("weft", Map.of("key.pem", key.privatePem()));
    CheckResult result = keyCheck("weft");
    assertEquals(Status.PASS, result.status(), result.toString());
    assertEquals(
        "a signing key is in the cluster (Secret weft/weft-compliance-signing (key key.pem), key id "
            + key.keyId()
            + ")",
        result.description());
  }

  @Test
  void itIsLookedForInTheControlPlanesNamespace() {
    signingSecret("weft", Map.of("key.pem", SigningKey.generate().privatePem()));
    SigningKey other = SigningKey.generate();
    signingSecret("mesh", Map.of("key.pem", other.privatePem()));
    CheckResult result = keyCheck("mesh");
    assertEquals(Status.PASS, result.status(), result.toString());
    assertTrue(result.description().contains("mesh/weft-compliance-signing"), result.toString());
    assertTrue(result.description().endsWith("key id " + other.keyId() + ")"), result.toString());
  }

  @Test
  void noSecretWarnsWithTheChartValuesAndKey() {
    signingSecret("other", Map.of("key.pem", SigningKey.generate().privatePem()));
    CheckResult result = keyCheck("weft");
    assertEquals(Status.WARN, result.status(), result.toString());
    assertTrue(
        result.hint().startsWith("no signing key: attest needs --key or set compliance.signingKey"),
        result.hint());
    assertTrue(result.hint().contains("no Secret weft/weft-compliance-signing"), result.hint());
    assertTrue(
        result.hint().contains("--set-file compliance.signingKey.key=key.pem"), result.hint());
  }

  @Test
  void aKeyThatDoesNotParseFailsNamingWhy() {
    Map<String, String> why =
        Map.of(
            "not a key",
            "no '-----BEGIN PRIVATE KEY-----' block",
            SigningKey.generate().publicPem(),
            "no '-----BEGIN PRIVATE KEY-----' block",
            SigningKey.generate().privatePem().replace("PRIVATE KEY", "EC PRIVATE KEY"),
            "an SEC1 'EC PRIVATE KEY'");
    int n = 0;
    for (Map.Entry<String, String> e : why.entrySet()) {
      String namespace = "ns" + n++;
      signingSecret(namespace, Map.of("key.pem", e.getKey()));
      CheckResult result = keyCheck(namespace);
      assertEquals(Status.FAIL, result.status(), result.toString());
      assertTrue(
          result
              .hint()
              .startsWith(
                  "Secret "
                      + namespace
                      + "/weft-compliance-signing (key key.pem): "
                      + e.getValue()),
          result.hint());
      assertTrue(result.hint().contains("weft compliance keygen"), result.hint());
    }
  }

  @Test
  void aSecretWithoutTheEntryFails() {
    signingSecret("weft", Map.of("private.pem", SigningKey.generate().privatePem()));
    CheckResult result = keyCheck("weft");
    assertEquals(Status.FAIL, result.status(), result.toString());
    assertTrue(
        result.hint().startsWith("Secret weft/weft-compliance-signing has no entry key.pem"),
        result.hint());
  }

  @Test
  void aRefusedReadWarnsWithThePermissionToAskFor() {
    cluster
        .server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/weft/secrets/weft-compliance-signing")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .always();
    CheckResult result = keyCheck("weft");
    assertEquals(Status.WARN, result.status(), result.toString());
    assertTrue(
        result
            .hint()
            .startsWith(
                "Secret weft/weft-compliance-signing (key key.pem) cannot be read (HTTP 403"),
        result.hint());
    assertTrue(
        result.hint().contains("kubectl auth can-i get secrets/weft-compliance-signing -n weft"),
        result.hint());
  }

  @Test
  void theKeyIsCheckedWithoutTheFeatureAndBothWarnWhenTheApiIsDown() throws Exception {
    cluster.secret("weft", "weft-license", Map.of("license", licenses.key(Set.of("hazl"))));
    signingSecret("weft", Map.of("key.pem", SigningKey.generate().privatePem()));
    List<CheckResult> results =
        Checks.run(Checks.IN_TERM, cluster.kubeconfig, "weft", licenses.noLicense());
    assertEquals(Status.WARN, results.get(0).status(), Checks.render(results));
    assertEquals(Status.PASS, results.get(1).status(), Checks.render(results));

    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    Path down = Kubeconfig.write(dir, "https://127.0.0.1:" + closed);
    results = Checks.run(Checks.IN_TERM, down, "weft", licenses.noLicense());
    String text = Checks.render(results);
    assertTrue(results.stream().allMatch(r -> r.status() == Status.WARN), text);
    assertTrue(
        results.get(0).hint().startsWith("Secret weft/weft-license (key license) cannot be read"),
        text);
    assertTrue(
        results
            .get(1)
            .hint()
            .startsWith(
                "Secret weft/weft-compliance-signing (key key.pem) cannot be read (Connection"
                    + " refused): check that the cluster is up"),
        text);
  }
}

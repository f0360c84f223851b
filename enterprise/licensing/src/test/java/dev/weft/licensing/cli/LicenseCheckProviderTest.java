package dev.weft.licensing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.TestKeys;
import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import dev.weft.spi.cli.CheckResult;
import dev.weft.spi.cli.CheckResult.Status;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The license group of `weft check` against a mock API server. */
class LicenseCheckProviderTest {
  private static final String NOW = "2027-01-15T10:00:00Z";

  @TempDir Path dir;
  private final KeyPair vendor = TestKeys.pair();
  private MockKube kube;

  @BeforeEach
  void start() throws Exception {
    kube = MockKube.start(dir);
    kube.fleet();
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  private String key(long meshedWorkloads) {
    License l = TestKeys.license(TestKeys.KEY_ID);
    License limited =
        new License(
            l.id(),
            l.customer(),
            l.tier(),
            l.features(),
            l.clusters(),
            OptionalLong.of(meshedWorkloads),
            l.notBefore(),
            l.expiresAt(),
            l.issuedAt(),
            l.keyId());
    return LicenseKeys.encode(limited, vendor.getPrivate());
  }

  private List<CheckResult> check(String instant, Map<String, String> env) {
    return new LicenseCheckProvider(TestKeys.at(instant))
        .run(new CheckContext("weft", kube.kubeconfig, null, env));
  }

  private Map<String, String> trusted() {
    return Map.of("WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(vendor));
  }

  private static String render(List<CheckResult> results) {
    StringBuilder s = new StringBuilder();
    for (CheckResult r : results) {
      s.append(r.status()).append(' ').append(r.description()).append('\n');
      if (r.hint() != null) {
        s.append("    ").append(r.hint()).append('\n');
      }
    }
    return s.toString();
  }

  @Test
  void theKeyIsReadFromTheSecretAndTheFleetCountedByWorkload() {
    kube.licenseSecret("weft", key(500));
    List<CheckResult> results = check(NOW, trusted());
    String text = render(results);
    assertTrue(results.stream().allMatch(r -> r.status() == Status.PASS), text);
    assertTrue(
        text.contains("PASS a license key is present (Secret weft/weft-license (key license))"),
        text);
    // web (3 pods through ReplicaSet web-7d4f9), db (2), debug (1); the finished Job pod and the
    // unmeshed pod are not counted.
    assertTrue(
        text.contains(
            "PASS the meshed fleet is within the license's limit (3 meshed workloads of 500 (6"
                + " pods))"),
        text);
  }

  @Test
  void overTheLimitWarnsNamingUsageAndLimit() {
    kube.licenseSecret("weft", key(2));
    List<CheckResult> results = check(NOW, trusted());
    CheckResult fleet = results.getLast();
    assertEquals(Status.WARN, fleet.status(), render(results));
    assertTrue(
        fleet.hint().startsWith("usage: 3 meshed workloads of 2 (6 pods), over license"),
        fleet.hint());
    assertTrue(fleet.hint().contains("traffic is not affected"), fleet.hint());
  }

  @Test
  void aMissingSecretWarnsThatEnterpriseFeaturesAreOff() {
    List<CheckResult> results = check(NOW, Map.of());
    assertEquals(1, results.size(), render(results));
    assertEquals(Status.WARN, results.getFirst().status());
    assertTrue(
        results.getFirst().hint().contains("enterprise features off, the open-source mesh works"),
        results.getFirst().hint());
    assertTrue(
        results
            .getFirst()
            .hint()
            .contains("helm install weft-enterprise helm/weft-enterprise -n weft --set-file"),
        results.getFirst().hint());
  }

  @Test
  void anExpiredKeyFails() {
    kube.licenseSecret("weft", key(500));
    // Expired 2027-11-01, grace 30 days.
    List<CheckResult> results = check("2028-01-01T00:00:00Z", trusted());
    CheckResult last = results.getLast();
    assertEquals(Status.FAIL, last.status(), render(results));
    assertTrue(last.hint().contains("expired on 2027-11-01"), last.hint());
  }

  @Test
  void inTheGraceOrNearExpiryItWarns() {
    kube.licenseSecret("weft", key(500));
    assertEquals(Status.WARN, check("2027-11-10T00:00:00Z", trusted()).get(2).status());
    CheckResult soon = check("2027-10-20T00:00:00Z", trusted()).get(2);
    assertEquals(Status.WARN, soon.status());
    assertTrue(soon.hint().contains("(in 12 days): renew it"), soon.hint());
  }

  @Test
  void aTamperedKeyFailsItsSignature() {
    String forged = key(500).replaceFirst("\\.[A-Za-z0-9_-]", ".A");
    kube.licenseSecret("weft", forged);
    List<CheckResult> results = check(NOW, trusted());
    assertEquals(Status.FAIL, results.getLast().status(), render(results));
    assertEquals(
        "the license key is well formed and its signature verifies",
        results.getLast().description());
  }

  @Test
  void weftLicenseWinsOverTheSecretAndTheProviderIsRegistered() {
    kube.licenseSecret("weft", "not a key");
    Map<String, String> env = new java.util.HashMap<>(trusted());
    env.put("WEFT_LICENSE", key(500));
    List<CheckResult> results = check(NOW, env);
    assertEquals("a license key is present (WEFT_LICENSE)", results.getFirst().description(), "");
    assertTrue(
        ServiceLoader.load(CheckProvider.class).stream()
            .anyMatch(p -> p.type() == LicenseCheckProvider.class));
  }
}

package dev.weft.compliance.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.compliance.MockCluster;
import dev.weft.compliance.SigningKey;
import dev.weft.compliance.cli.TestLicenses;
import dev.weft.spi.cli.CheckProvider;
import dev.weft.spi.cli.CheckResult;
import dev.weft.spi.cli.CheckResult.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license line of {@code weft check}'s compliance group, against a mock API server: the license
 * is read where the cluster keeps it, and its absence or lack of the feature is a warning, never a
 * failure; the signing key is checked whatever the license says.
 */
class LicenseGrantCheckTest {
  private final TestLicenses licenses = new TestLicenses();
  @TempDir Path dir;
  private MockCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start(dir);
    cluster.secret(
        "weft", SigningKeyCheck.NAME, Map.of("key.pem", SigningKey.generate().privatePem()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void licenseSecret(String key) {
    cluster.secret("weft", "weft-license", Map.of("license", key));
  }

  private List<CheckResult> check(Instant now, Map<String, String> env) {
    List<CheckResult> results = Checks.run(now, cluster.kubeconfig, "weft", env);
    assertEquals(2, results.size(), Checks.render(results));
    assertEquals(
        Status.PASS, results.get(1).status(), "the key is checked: " + Checks.render(results));
    return results;
  }

  @Test
  void aLicenseInTheClusterThatGrantsCompliancePasses() {
    licenseSecret(licenses.key(Set.of("hazl", "compliance")));
    CheckResult grant = check(Checks.IN_TERM, licenses.noLicense()).getFirst();
    assertEquals(Status.PASS, grant.status(), grant.toString());
    assertEquals(
        "the license grants compliance (Secret weft/weft-license (key license))",
        grant.description());
  }

  @Test
  void aLicenseWithoutTheFeatureWarnsNamingTheLicensesReason() {
    licenseSecret(licenses.key(Set.of("hazl")));
    CheckResult grant = check(Checks.IN_TERM, licenses.noLicense()).getFirst();
    assertEquals(Status.WARN, grant.status(), grant.toString());
    assertTrue(
        grant
            .hint()
            .startsWith(
                "feature 'compliance' is not in license lic-2026-0042 (tier enterprise; features:"
                    + " hazl)"),
        grant.hint());
    assertTrue(grant.hint().contains("keygen and attest are refused"), grant.hint());
    assertTrue(grant.hint().contains("traffic is not affected"), grant.hint());
  }

  @Test
  void noLicenseAnywhereWarnsSayingWhereItLooked() {
    CheckResult grant = check(Checks.IN_TERM, licenses.noLicense()).getFirst();
    assertEquals(Status.WARN, grant.status(), grant.toString());
    assertTrue(
        grant
            .hint()
            .startsWith("no license (no Secret weft/weft-license (key license), no WEFT_LICENSE)"),
        grant.hint());
  }

  @Test
  void anExpiredLicenseWarnsWithItsExpiryAndTheGracePeriodToo() {
    licenseSecret(licenses.key(Set.of("compliance")));
    CheckResult expired = check(Instant.parse("2028-01-01T00:00:00Z"), licenses.noLicense()).get(0);
    assertEquals(Status.WARN, expired.status(), expired.toString());
    assertTrue(expired.hint().contains("expired on 2027-11-01"), expired.hint());

    // Expired 2027-11-01, 30 days of grace: signing still works, with a warning.
    CheckResult grace = check(Instant.parse("2027-11-10T00:00:00Z"), licenses.noLicense()).get(0);
    assertEquals(Status.WARN, grace.status(), grace.toString());
    assertTrue(grace.description().startsWith("the license grants compliance ("), grace.toString());
    assertTrue(grace.hint().contains("grace"), grace.hint());
  }

  @Test
  void weftLicenseOnThisMachineWinsOverTheSecret() {
    licenseSecret(licenses.key(Set.of("hazl")));
    Map<String, String> env = new HashMap<>(licenses.noLicense());
    env.put("WEFT_LICENSE", licenses.key(Set.of("compliance")));
    CheckResult grant = check(Checks.IN_TERM, env).getFirst();
    assertEquals(Status.PASS, grant.status(), grant.toString());
    assertEquals("the license grants compliance (WEFT_LICENSE)", grant.description());
  }

  @Test
  void theGroupIsRegisteredForWeftCheckAfterTheLicenseGroup() {
    CheckProvider provider =
        ServiceLoader.load(CheckProvider.class).stream()
            .filter(p -> p.type() == ComplianceCheckProvider.class)
            .findFirst()
            .orElseThrow(() -> new AssertionError("ComplianceCheckProvider is not registered"))
            .get();
    assertEquals("compliance", provider.group());
    assertTrue(provider.availability().available(), "checking needs no license");
    assertTrue(provider.priority() < 0, "the license group (priority 0) prints first");
  }
}

package dev.weft.licensing.cli;

import static dev.weft.licensing.cli.LicenseCommandProviderTest.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.TestKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft license show` reading the key and the meshed fleet from a mock API server. */
class LicenseShowClusterTest {
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

  private String key(OptionalLong meshedWorkloads) {
    License l = TestKeys.license(TestKeys.KEY_ID);
    return LicenseKeys.encode(
        new License(
            l.id(),
            l.customer(),
            l.tier(),
            l.features(),
            l.clusters(),
            meshedWorkloads,
            l.notBefore(),
            l.expiresAt(),
            l.issuedAt(),
            l.keyId()),
        vendor.getPrivate());
  }

  private Map<String, String> trusted() {
    return new HashMap<>(Map.of("WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(vendor)));
  }

  @Test
  void theKeyComesFromTheSecretAndUsageIsPrinted() {
    kube.licenseSecret("mesh", key(OptionalLong.of(500)));
    var r = show(trusted(), NOW, "show", "-n", "mesh", "--kubeconfig", kube.kubeconfig.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("license lic-2026-0001\n"), r.out());
    assertTrue(r.out().contains("verification: valid"), r.out());
    assertTrue(r.out().endsWith("usage: 3 meshed workloads of 500 (6 pods)\n"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void overTheLimitWarnsButSucceeds() {
    kube.licenseSecret("weft", key(OptionalLong.of(2)));
    var r = show(trusted(), NOW, "show", "--kubeconfig", kube.kubeconfig.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().endsWith("usage: 3 meshed workloads of 2 (6 pods)\n"), r.out());
    assertTrue(
        r.err()
            .startsWith(
                "weft: warning: 3 meshed workloads is over license lic-2026-0001's limit of 2"),
        r.err());
  }

  @Test
  void aKeyFromTheEnvironmentIsComparedWithTheClusterToo() {
    Map<String, String> env = trusted();
    env.put("WEFT_LICENSE", key(OptionalLong.empty()));
    var r = show(env, NOW, "show", "--kubeconfig", kube.kubeconfig.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().endsWith("usage: 3 meshed workloads of unlimited (6 pods)\n"), r.out());
  }

  @Test
  void noSecretAndNoKeyIsExit1NamingTheSecret() {
    var r = show(trusted(), NOW, "show", "--kubeconfig", kube.kubeconfig.toString());
    assertEquals(1, r.code(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(
        r.err().startsWith("weft: no license key configured: no --license-file, WEFT_LICENSE"),
        r.err());
    assertTrue(r.err().contains("no Secret weft/weft-license (key license)"), r.err());
  }

  @Test
  void anExpiredKeyInTheSecretIsExit1() {
    kube.licenseSecret("weft", key(OptionalLong.of(500)));
    var r =
        show(trusted(), "2028-01-01T00:00:00Z", "show", "--kubeconfig", kube.kubeconfig.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("verification: EXPIRED"), r.out());
  }
}

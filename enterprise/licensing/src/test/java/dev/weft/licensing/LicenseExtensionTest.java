package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control-plane extension against a fake control plane: gauges, status, limit warnings. */
class LicenseExtensionTest {
  private final KeyPair vendor = TestKeys.pair();
  private final String key =
      LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), vendor.getPrivate());
  private final Clock clock = TestKeys.at("2027-01-15T10:00:00Z");
  private LicenseExtension extension;

  @AfterEach
  void stop() {
    if (extension != null) {
      extension.stop();
    }
  }

  private FakeControlPlane start(String mode, Map<String, String> settings, Clock at) {
    FakeControlPlane cp = new FakeControlPlane(mode);
    extension = new LicenseExtension(settings, at, Duration.ofHours(1));
    extension.start(cp);
    return cp;
  }

  private Map<String, String> withKey(String licenseKey) {
    return Map.of(
        Entitlements.LICENSE, licenseKey, Entitlements.EXTRA_PUBLIC_KEY, TestKeys.extraKey(vendor));
  }

  @Test
  void aValidKeyIsReported() {
    FakeControlPlane cp = start("local", withKey(key), clock);
    assertEquals(1.0, cp.gauge("weft_license_valid"));
    assertEquals(
        TestKeys.EXPIRES.getEpochSecond(), cp.gauge("weft_license_expiry_timestamp_seconds"));
    assertEquals(500.0, cp.gauge("weft_license_meshed_workloads_limit"));
    assertEquals(0.0, cp.gauge("weft_license_over_limit"));
    String json = cp.status("license");
    assertTrue(json.contains("\"id\":\"lic-2026-0001\""), json);
    assertTrue(json.contains("\"customer\":\"Acme Corp\""), json);
    assertTrue(json.contains("\"features\":[\"compliance\",\"hazl\"]"), json);
    assertTrue(json.contains("\"problem\":null"), json);
    assertTrue(json.contains("\"source\":\"WEFT_LICENSE\""), json);
  }

  @Test
  void anExpiredKeyIsInvalidWithItsReason() {
    FakeControlPlane cp = start("local", withKey(key), TestKeys.at("2028-01-15T00:00:00Z"));
    assertEquals(0.0, cp.gauge("weft_license_valid"));
    assertTrue(Double.isNaN(cp.gauge("weft_license_expiry_timestamp_seconds")));
    assertTrue(Double.isNaN(cp.gauge("weft_license_meshed_workloads_limit")));
    String json = cp.status("license");
    assertTrue(json.contains("\"problem\":\"EXPIRED\""), json);
    assertTrue(json.contains("\"valid\":false"), json);
  }

  @Test
  void noKeyAnywhereIsMissing() {
    FakeControlPlane cp = start("kubernetes", Map.of(), clock);
    assertEquals(0.0, cp.gauge("weft_license_valid"));
    String json = cp.status("license");
    assertTrue(json.contains("\"problem\":\"MISSING\""), json);
    assertTrue(json.contains("weft/weft-license"), json);
  }

  @Test
  void inKubernetesModeTheSecretIsReadAndReRead() {
    FakeControlPlane cp = new FakeControlPlane("kubernetes");
    cp.secrets.put("weft-license/license", "garbage");
    extension =
        new LicenseExtension(
            Map.of(Entitlements.EXTRA_PUBLIC_KEY, TestKeys.extraKey(vendor)),
            clock,
            Duration.ofHours(1));
    extension.start(cp);
    assertEquals(0.0, cp.gauge("weft_license_valid"));
    assertTrue(cp.status("license").contains("\"problem\":\"MALFORMED\""));

    cp.secrets.put("weft-license/license", "\n" + key + "\n");
    extension.refresh();
    assertEquals(1.0, cp.gauge("weft_license_valid"));
    assertTrue(cp.status("license").contains("\"source\":\"secret weft/weft-license\""));
  }

  @Test
  void aFleetOverTheLimitWarnsOncePerTransition() {
    try (LogCapture log = new LogCapture(LicenseExtension.class)) {
      FakeControlPlane cp = start("local", withKey(key), clock);
      cp.meshed.set(501);
      extension.refresh();
      extension.refresh();
      assertEquals(1.0, cp.gauge("weft_license_over_limit"));
      assertTrue(cp.status("license").contains("\"problem\":\"OVER_LIMIT\""));
      List<String> over =
          log.warnings().stream().filter(w -> w.contains("over the limit")).toList();
      assertEquals(1, over.size(), log.warnings().toString());
      assertTrue(over.getFirst().contains("501 meshed workloads, over the limit of 500"));

      cp.meshed.set(500);
      extension.refresh();
      assertEquals(0.0, cp.gauge("weft_license_over_limit"));
      assertFalse(cp.status("license").contains("OVER_LIMIT"));
      assertEquals(1.0, cp.gauge("weft_license_valid"));

      cp.meshed.set(600);
      extension.refresh();
      assertEquals(2, log.warnings().stream().filter(w -> w.contains("over the limit")).count());
    }
  }
}

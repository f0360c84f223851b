package dev.weft.hazl.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.ControlPlaneLicense;
import dev.weft.licensing.Entitlements;
import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import dev.weft.spi.controlplane.ControlPlaneExtension;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The extension asks the license the control plane runs with: in a cluster, the weft-license Secret
 * (the license extension's source), which the environment does not carry.
 */
class HazlLicenseTest {
  private static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  private static final String KEY_ID = "hazl-test";

  private final KeyPair vendor = pair();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private HazlExtension extension;

  @AfterEach
  void stop() {
    if (extension != null) {
      extension.stop();
    }
  }

  private static KeyPair pair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String key(Set<String> features) {
    return LicenseKeys.encode(
        new License(
            "lic-hazl-1",
            "Acme Corp",
            "enterprise",
            features,
            OptionalLong.empty(),
            OptionalLong.empty(),
            NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(365)),
            NOW.minus(Duration.ofDays(1)),
            KEY_ID),
        vendor.getPrivate());
  }

  private FakeControlPlane start() {
    FakeControlPlane cp = new FakeControlPlane("kubernetes");
    cp.hazl("enabled", "true");
    Map<String, String> settings =
        Map.of(
            Entitlements.EXTRA_PUBLIC_KEY,
            KEY_ID + "=" + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
    extension =
        new HazlExtension(
            c -> k -> c.configMap(HazlConfigMap.NAME, k),
            HazlExtension.licenseCheck(new ControlPlaneLicense(settings, clock)),
            Duration.ofHours(1));
    extension.start(cp);
    return cp;
  }

  @Test
  void theSecretsLicenseTurnsItOnOnceItIsThere() {
    FakeControlPlane cp = start();
    assertEquals(0.0, cp.gauge("weft_hazl_enabled"));
    assertTrue(
        extension.status().reason().startsWith("not entitled: no license key configured"),
        extension.status().reason());
    assertTrue(extension.status().reason().contains("weft/weft-license"));

    cp.secrets.put("weft-license/license", key(Set.of("hazl")) + "\n");
    extension.refresh();
    assertEquals(1.0, cp.gauge("weft_hazl_enabled"));
    assertEquals("hazl", cp.choiceFor("books", Map.of()).orElseThrow().name());
  }

  @Test
  void aLicenseWithoutHazlKeepsItOff() {
    FakeControlPlane cp = start();
    cp.secrets.put("weft-license/license", key(Set.of("compliance")));
    extension.refresh();
    assertEquals(0.0, cp.gauge("weft_hazl_enabled"));
    assertTrue(
        extension.status().reason().contains("feature 'hazl' is not in license lic-hazl-1"),
        extension.status().reason());
  }

  @Test
  void serviceLoaderFindsTheExtension() {
    List<String> names =
        ServiceLoader.load(ControlPlaneExtension.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("hazl"), names.toString());
  }
}

package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license extension gives injected proxies WEFT_LICENSE: the key the control plane found,
 * wherever it came from, and nothing when there is none.
 */
class LicenseProxyEnvironmentTest {
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

  private Supplier<Optional<String>> start(FakeControlPlane cp, Map<String, String> settings) {
    extension = new LicenseExtension(settings, clock, Duration.ofHours(1));
    extension.start(cp);
    Supplier<Optional<String>> env = cp.proxyEnvironment.get("WEFT_LICENSE");
    assertNotNull(env, "WEFT_LICENSE registered; have " + cp.proxyEnvironment.keySet());
    return env;
  }

  @Test
  void theVariablesKeyIsGivenStripped() {
    Supplier<Optional<String>> env =
        start(new FakeControlPlane("local"), Map.of(Entitlements.LICENSE, "  " + key + "\n"));
    assertEquals(Optional.of(key), env.get());
  }

  @Test
  void theFilesKeyIsGivenAndFollowsTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("license.txt");
    Files.writeString(file, key + "\n");
    Supplier<Optional<String>> env =
        start(
            new FakeControlPlane("kubernetes"), Map.of(Entitlements.LICENSE_FILE, file.toString()));
    assertEquals(Optional.of(key), env.get());

    Files.delete(file);
    extension.refresh();
    assertEquals(Optional.empty(), env.get(), "no file, no key");
  }

  @Test
  void inKubernetesModeTheSecretsKeyIsGivenOnceItExists() {
    FakeControlPlane cp = new FakeControlPlane("kubernetes");
    Supplier<Optional<String>> env =
        start(cp, Map.of(Entitlements.EXTRA_PUBLIC_KEY, TestKeys.extraKey(vendor)));
    assertEquals(Optional.empty(), env.get(), "no Secret yet");

    cp.secrets.put("weft-license/license", "\n" + key + "\n");
    extension.refresh();
    assertEquals(Optional.of(key), env.get());

    cp.secrets.remove("weft-license/license");
    extension.refresh();
    assertEquals(Optional.empty(), env.get(), "the Secret's key was removed");
  }

  @Test
  void anInvalidKeyIsStillGivenSoProxiesReportTheSameReason() {
    Supplier<Optional<String>> env =
        start(new FakeControlPlane("local"), Map.of(Entitlements.LICENSE, "weft-lic-v1.bad.key"));
    assertEquals(Optional.of("weft-lic-v1.bad.key"), env.get());
  }

  @Test
  void noKeyInLocalModeGivesNothing() {
    Supplier<Optional<String>> env = start(new FakeControlPlane("local"), Map.of());
    assertEquals(Optional.empty(), env.get());
  }
}

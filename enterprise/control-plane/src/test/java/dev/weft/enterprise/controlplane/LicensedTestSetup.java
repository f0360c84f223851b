package dev.weft.enterprise.controlplane;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fresh state directory (local mode), and a license signed by a throw-away key that the control
 * plane is told to trust (weft.license.extra.public.key, testing only). The license settings are
 * system properties because the licensing module reads them there, not from Quarkus's config.
 */
public final class LicensedTestSetup implements QuarkusTestResourceLifecycleManager {
  static final String LICENSE_ID = "lic-test-0042";
  static final String KEY_ID = "test-assembly";

  private Path dir;

  @Override
  public Map<String, String> start() {
    KeyPair vendor;
    try {
      dir = Files.createTempDirectory("weft-enterprise-control-plane-test");
      vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    License license =
        new License(
            LICENSE_ID,
            "Acme Corp",
            "enterprise",
            Set.of("hazl"),
            OptionalLong.empty(),
            OptionalLong.of(25),
            now.minus(1, ChronoUnit.DAYS),
            now.plus(365, ChronoUnit.DAYS),
            now.minus(1, ChronoUnit.DAYS),
            KEY_ID);
    System.setProperty("weft.license", LicenseKeys.encode(license, vendor.getPrivate()));
    System.setProperty(
        "weft.license.extra.public.key",
        KEY_ID + "=" + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
    return Map.of("weft.state-dir", dir.toString());
  }

  @Override
  public void stop() {
    System.clearProperty("weft.license");
    System.clearProperty("weft.license.extra.public.key");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.weft.controlplane.inject;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Local mode with the injector enabled and a proxy.json whose inboundPort is out of range. */
public final class BadInjectorConfigProfile implements QuarkusTestProfile {
  // Fixed, not a temp file: the test reads this field in another class loader than the profile's.
  static final Path CONFIG = Path.of("target", "injector-test-bad-proxy.json").toAbsolutePath();

  @Override
  public Map<String, String> getConfigOverrides() {
    write();
    return Map.of(
        "weft.injector.enabled", "true",
        "weft.injector.port", "0",
        "weft.injector.tls-cert", WebhookTlsFiles.CERT.toString(),
        "weft.injector.tls-key", WebhookTlsFiles.KEY.toString(),
        "weft.injector.config", CONFIG.toString());
  }

  private static void write() {
    try {
      Files.createDirectories(CONFIG.getParent());
      Files.writeString(CONFIG, "{\"inboundPort\": 70000, \"logLevel\": \"info\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

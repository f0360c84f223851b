package dev.weft.controlplane.inject;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Kubernetes mode against the mock API server, with the injector on a free port, the test's
 * certificate files, a short reload interval and no proxy.json (the defaults).
 */
public final class InjectorProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    WebhookTlsFiles.write("first");
    return Map.of(
        "weft.mode", "kubernetes",
        "weft.namespace", "weft",
        "weft.injector.enabled", "true",
        "weft.injector.port", "0",
        "weft.injector.tls-cert", WebhookTlsFiles.CERT.toString(),
        "weft.injector.tls-key", WebhookTlsFiles.KEY.toString(),
        "weft.injector.tls-reload-interval", "100ms",
        "weft.injector.config", WebhookTlsFiles.DIR.resolve("absent-proxy.json").toString());
  }
}

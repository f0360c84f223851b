package dev.weft.controlplane.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The context's Secret reads (against a mock API server), gauges and status names. */
@EnableKubernetesMockClient(crud = true)
class ExtensionContextTest {
  KubernetesClient client;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ExtensionContext context(KubernetesClient kubernetes) {
    return new ExtensionContext(
        kubernetes == null ? "local" : "kubernetes",
        "weft",
        () -> 3,
        registry,
        kubernetes,
        new ExtensionStatuses());
  }

  @Test
  void readsAKeyOfASecretInItsNamespaceOnly() {
    String value = "weft-lic-v1.abc.def";
    client
        .secrets()
        .inNamespace("weft")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("weft-license")
                .endMetadata()
                .withData(
                    Map.of(
                        "license",
                        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    client
        .secrets()
        .inNamespace("other")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("elsewhere")
                .endMetadata()
                .withData(Map.of("license", "eA=="))
                .build())
        .create();
    ExtensionContext context = context(client);
    assertEquals(Optional.of(value), context.secret("weft-license", "license"));
    assertTrue(context.secret("weft-license", "other-key").isEmpty());
    assertTrue(context.secret("absent", "license").isEmpty());
    assertTrue(context.secret("elsewhere", "license").isEmpty());
  }

  @Test
  void localModeHasNoSecrets() {
    assertTrue(context(null).secret("weft-license", "license").isEmpty());
  }

  @Test
  void gaugesAreRegisteredUnderTheirPrometheusName() {
    context(null).gauge("weft_test_value", "help", () -> 7.5);
    assertEquals(7.5, registry.get("weft.test.value").gauge().value());
    assertThrows(
        IllegalArgumentException.class, () -> context(null).gauge("Bad-Name", "help", () -> 1));
  }

  @Test
  void statusNamesAreCheckedAndUnique() {
    ExtensionContext context = context(null);
    context.status("license", () -> "{}");
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> context.status("license", () -> "{}"));
    assertTrue(twice.getMessage().contains("already published"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> context.status("../x", () -> "{}"));
  }
}

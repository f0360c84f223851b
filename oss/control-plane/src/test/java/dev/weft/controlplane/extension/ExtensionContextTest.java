package dev.weft.controlplane.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.discovery.DefaultBalancers;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.inject.ProxyEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The context's Secret and ConfigMap reads (against a mock API server), gauges, status names and
 * proxy environment.
 */
@EnableKubernetesMockClient(crud = true)
class ExtensionContextTest {
  KubernetesClient client;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final ProxyEnvironment environment = new ProxyEnvironment();

  private ExtensionContext context(KubernetesClient kubernetes) {
    return new ExtensionContext(
        kubernetes == null ? "local" : "kubernetes",
        "weft",
        () -> 3,
        registry,
        kubernetes,
        new ExtensionStatuses(),
        new DefaultBalancers(index),
        environment);
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
  void localModeHasNoSecretsOrConfigMaps() {
    assertTrue(context(null).secret("weft-license", "license").isEmpty());
    assertTrue(context(null).configMap("weft-hazl", "enabled").isEmpty());
  }

  @Test
  void readsAKeyOfAConfigMapInItsNamespaceOnly() {
    for (String namespace : List.of("weft", "other")) {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(namespace.equals("weft") ? "weft-hazl" : "elsewhere")
                  .endMetadata()
                  .withData(Map.of("enabled", "true", "band.high", namespace))
                  .build())
          .create();
    }
    ExtensionContext context = context(client);
    assertEquals(Optional.of("true"), context.configMap("weft-hazl", "enabled"));
    assertEquals(Optional.of("weft"), context.configMap("weft-hazl", "band.high"));
    assertTrue(context.configMap("weft-hazl", "zone.order").isEmpty());
    assertTrue(context.configMap("absent", "enabled").isEmpty());
    assertTrue(context.configMap("elsewhere", "enabled").isEmpty());
    client
        .configMaps()
        .inNamespace("weft")
        .withName("weft-hazl")
        .edit(c -> new ConfigMapBuilder(c).addToData("enabled", "false").build());
    assertEquals(Optional.of("false"), context.configMap("weft-hazl", "enabled"), "read anew");
  }

  @Test
  void proxyEnvironmentReachesTheInjectorsVariablesWithAValueOnly() {
    ExtensionContext context = context(null);
    AtomicReference<Optional<String>> license = new AtomicReference<>(Optional.empty());
    context.proxyEnvironment("WEFT_LICENSE", license::get);
    assertEquals(Map.of(), environment.values(), "no value, no variable");
    license.set(Optional.of("weft-lic-v1.abc.def"));
    assertEquals(Map.of("WEFT_LICENSE", "weft-lic-v1.abc.def"), environment.values());
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> context.proxyEnvironment("WEFT_LICENSE", Optional::empty));
    assertTrue(twice.getMessage().contains("already registered"), twice.getMessage());
    for (String refused : List.of("WEFT_PROXY_ZONE", "1BAD", "A-B")) {
      IllegalArgumentException bad =
          assertThrows(
              IllegalArgumentException.class,
              () -> context.proxyEnvironment(refused, () -> Optional.of("x")));
      assertTrue(bad.getMessage().contains("'" + refused + "'"), bad.getMessage());
    }
  }

  @Test
  void aProxyEnvironmentSupplierThatThrowsIsLeftOut() {
    ExtensionContext context = context(null);
    context.proxyEnvironment(
        "BROKEN",
        () -> {
          throw new IllegalStateException("not loaded");
        });
    context.proxyEnvironment("GOOD", () -> Optional.of("1"));
    assertEquals(Map.of("GOOD", "1"), environment.values());
    assertEquals(Map.of("GOOD", "1"), environment.values(), "again, without a second warning");
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

package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weft chart with its default values plus the identity material it cannot default. */
class DefaultRenderTest {
  static final Set<String> CONTRACT_KEYS =
      Set.of(
          "version",
          "proxyImage",
          "initImage",
          "imagePullPolicy",
          "logLevel",
          "inboundPort",
          "outboundPort",
          "adminPort",
          "controlPort",
          "proxyUID",
          "resources",
          "opaquePorts",
          "skipInboundPorts",
          "skipOutboundPorts",
          "detectTimeout",
          "sidecarMode",
          "controlPlaneAddr",
          "trustAnchorsConfigMap",
          "tokenAudience",
          "trustDomain",
          "controlPlaneNamespace");

  static List<HasMetadata> objects;
  static Values.Identity identity;

  @BeforeAll
  static void render(@TempDir Path dir) {
    identity = Values.Identity.generate();
    Path values = Values.write(dir, "identity.yaml", identity.values());
    objects = Charts.parse(Charts.template(Charts.weft(), List.of(values), Map.of()));
  }

  @Test
  void everyDocumentIsTypedWithoutUnknownFields() {
    List<String> unknown = new ArrayList<>();
    for (HasMetadata o : objects) {
      UnknownFields.of(o)
          .forEach(p -> unknown.add(o.getKind() + " " + o.getMetadata().getName() + ": " + p));
    }
    assertEquals(List.of(), unknown);
    assertEquals(
        Set.of(
            "ServiceAccount/weft-control-plane",
            "ClusterRole/weft-control-plane",
            "ClusterRoleBinding/weft-control-plane",
            "Role/weft-control-plane",
            "RoleBinding/weft-control-plane",
            "ConfigMap/weft-identity-trust-anchors",
            "Secret/weft-identity-issuer",
            "ConfigMap/weft-config",
            "Secret/weft-proxy-injector-tls",
            "MutatingWebhookConfiguration/weft-proxy-injector",
            "Service/weft-control-plane",
            "Deployment/weft-control-plane"),
        Set.copyOf(
            objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    assertTrue(
        objects.stream().noneMatch(Namespace.class::isInstance),
        "the namespace is created only with namespace.create=true");
  }

  @Test
  void webhookReachesTheInjectorThroughTheServiceWithATrustedCertificate() {
    MutatingWebhook webhook =
        Charts.one(objects, MutatingWebhookConfiguration.class, "weft-proxy-injector")
            .getWebhooks()
            .getFirst();
    Checks.webhookMatchesServiceAndDeployment(objects, webhook, "weft-proxy-injector-tls");
    assertEquals("Ignore", webhook.getFailurePolicy());
    assertEquals(10, webhook.getTimeoutSeconds());
    assertEquals("inject.weft.dev", webhook.getName());
    assertEquals(List.of("v1"), webhook.getAdmissionReviewVersions());
    assertEquals("None", webhook.getSideEffects());
    assertEquals(
        List.of("kube-system", "kube-public", "weft"),
        webhook.getNamespaceSelector().getMatchExpressions().getFirst().getValues());
  }

  @Test
  void deploymentMountsWhatItsEnvironmentNames() {
    Checks.deploymentMountsWhatItsEnvironmentNames(objects);
    Container c =
        Charts.one(objects, Deployment.class, "weft-control-plane")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertEquals(
        "ghcr.io/weft-dev/weft-control-plane:" + System.getProperty("weft.version"), c.getImage());
    Map<String, String> env = Checks.env(c);
    assertEquals("kubernetes", env.get("WEFT_MODE"));
    assertEquals("0.0.0.0", env.get("WEFT_BIND"));
    assertEquals("weft", env.get("WEFT_NAMESPACE"));
    assertEquals("true", env.get("WEFT_INJECTOR_ENABLED"));
    assertEquals("true", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
    assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
  }

  @Test
  void identityMaterialIsWhereTheControlPlaneReadsIt() {
    ConfigMap anchors = Charts.one(objects, ConfigMap.class, "weft-identity-trust-anchors");
    assertEquals(
        identity.anchor().certificate(),
        TestPki.parseCertificate(anchors.getData().get("ca-bundle.crt")));
    Secret issuer = Charts.one(objects, Secret.class, "weft-identity-issuer");
    assertEquals(
        identity.issuer().certificate(),
        TestPki.parseCertificate(Checks.secretData(issuer, "tls.crt")));
    assertTrue(Checks.secretData(issuer, "tls.key").startsWith("-----BEGIN PRIVATE KEY-----"));
  }

  @Test
  void rbacIsLeastPrivilege() {
    Checks.rbacIsLeastPrivilege(objects);
  }

  @Test
  void proxyJsonHasTheContractKeysAndDefaults() throws Exception {
    JsonNode json = Checks.proxyJson(objects);
    Set<String> keys = new java.util.HashSet<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(CONTRACT_KEYS, keys);
    String version = System.getProperty("weft.version");
    assertEquals(version, json.get("version").asText());
    assertEquals("ghcr.io/weft-dev/weft-proxy:" + version, json.get("proxyImage").asText());
    assertEquals(json.get("proxyImage"), json.get("initImage"));
    assertEquals(4143, json.get("inboundPort").intValue());
    assertEquals(2102, json.get("proxyUID").intValue());
    assertEquals("", json.get("resources").get("cpuLimit").asText());
    assertEquals("native", json.get("sidecarMode").asText());
    assertEquals(
        "weft-control-plane.weft.svc.cluster.local:8090", json.get("controlPlaneAddr").asText());
    assertEquals("weft-identity-trust-anchors", json.get("trustAnchorsConfigMap").asText());
    assertEquals("weft", json.get("controlPlaneNamespace").asText());
    assertEquals(
        new ObjectMapper()
            .readTree(
                "{\"cpuRequest\":\"100m\",\"cpuLimit\":\"\",\"memoryRequest\":\"64Mi\",\"memoryLimit\":\"128Mi\"}"),
        json.get("resources"));
  }

  @Test
  void serviceAndAccountCarryTheContractLabels() {
    for (HasMetadata o :
        List.of(
            Charts.one(objects, Service.class, "weft-control-plane"),
            Charts.one(objects, ServiceAccount.class, "weft-control-plane"),
            Charts.one(objects, Deployment.class, "weft-control-plane"))) {
      assertEquals("weft-control-plane", o.getMetadata().getLabels().get("app.kubernetes.io/name"));
      assertEquals("weft", o.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
      assertEquals("weft", o.getMetadata().getNamespace());
    }
  }
}

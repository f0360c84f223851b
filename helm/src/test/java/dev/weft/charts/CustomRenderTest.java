package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weft chart with non-default values: existing objects, given certificates, other images. */
class CustomRenderTest {
  static List<HasMetadata> render(Path dir, Map<String, Object> values) {
    List<HasMetadata> objects =
        Charts.parse(
            Charts.template(
                Charts.weft(), List.of(Values.write(dir, "values.yaml", values)), Map.of()));
    List<String> unknown = new ArrayList<>();
    objects.forEach(o -> unknown.addAll(UnknownFields.of(o)));
    assertEquals(List.of(), unknown);
    return objects;
  }

  @Test
  void existingObjectsAreReferencedNotRendered(@TempDir Path dir) {
    TestPki.Credential webhookCa = TestPki.root("my webhook ca");
    List<HasMetadata> objects =
        render(
            dir,
            Map.of(
                "namespace", Map.of("create", true),
                "identity",
                    Map.of(
                        "trustAnchors", Map.of("existingConfigMap", "my-anchors"),
                        "issuer", Map.of("existingSecret", "my-issuer")),
                "injector",
                    Map.of(
                        "failurePolicy",
                        "Fail",
                        "tls",
                        Map.of(
                            "existingSecret",
                            "my-injector-tls",
                            "caBundlePEM",
                            webhookCa.certificatePem())),
                "proxy",
                    Map.of(
                        "sidecarMode",
                        "classic",
                        "logLevel",
                        "debug",
                        "image",
                        Map.of("registry", "registry.example:5000/mesh", "tag", "dev"),
                        "resources",
                        Map.of("cpuLimit", "1", "memoryLimit", "256Mi"))));

    assertTrue(objects.stream().noneMatch(o -> o instanceof Secret));
    assertEquals(
        List.of("weft-config"),
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(o -> o.getMetadata().getName())
            .toList());
    Namespace ns = Charts.one(objects, Namespace.class, "weft");
    assertEquals(
        "disabled", ns.getMetadata().getLabels().get("config.weft.dev/admission-webhooks"));

    MutatingWebhook webhook =
        Charts.one(objects, MutatingWebhookConfiguration.class, "weft-proxy-injector")
            .getWebhooks()
            .getFirst();
    assertEquals("Fail", webhook.getFailurePolicy());
    assertEquals(
        webhookCa.certificate(),
        TestPki.parseCertificate(
            new String(
                Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()),
                StandardCharsets.US_ASCII)));
    Checks.webhookMatchesServiceAndDeployment(objects, webhook, "my-injector-tls");
    Checks.deploymentMountsWhatItsEnvironmentNames(objects);
    Checks.rbacIsLeastPrivilege(objects);

    Map<String, String> env = Checks.env(Checks.controlPlane(objects));
    assertEquals("my-issuer", env.get("WEFT_IDENTITY_ISSUER_SECRET"));
    assertEquals("my-anchors", env.get("WEFT_IDENTITY_TRUST_ANCHORS_CONFIGMAP"));
    assertTrue(
        Checks.podSpec(objects).getVolumes().stream()
            .anyMatch(v ->
                v.getSecret() != null && v.getSecret().getSecretName().equals("my-injector-tls")));

    JsonNode proxy = Checks.proxyJson(objects);
    assertEquals("classic", proxy.get("sidecarMode").asText());
    assertEquals("debug", proxy.get("logLevel").asText());
    assertEquals("registry.example:5000/mesh/weft-proxy:dev", proxy.get("proxyImage").asText());
    assertEquals("registry.example:5000/mesh/weft-proxy:dev", proxy.get("initImage").asText());
    assertEquals("my-anchors", proxy.get("trustAnchorsConfigMap").asText());
    assertEquals("1", proxy.get("resources").get("cpuLimit").asText());
    assertEquals("256Mi", proxy.get("resources").get("memoryLimit").asText());
  }

  @Test
  void givenCertificatesImagesAndResourcesAreUsed(@TempDir Path dir) {
    Values.Identity identity = Values.Identity.generate();
    TestPki.Credential webhookCa = TestPki.root("webhook ca");
    TestPki.Credential serving = TestPki.server(webhookCa, "weft-control-plane.weft.svc");
    Map<String, Object> values =
        Values.merge(
            identity.values(),
            Map.of(
                "controlPlane",
                    Map.of(
                        "image",
                        Map.of(
                            "registry", "registry.example",
                            "repository", "weft/cp",
                            "tag", "1.2.3",
                            "pullPolicy", "Always"),
                        "replicas",
                        3,
                        "logFormat",
                        "text",
                        "resources",
                        Map.of(
                            "requests", Map.of("cpu", "250m", "memory", "300Mi"),
                            "limits", Map.of("cpu", "2", "memory", "1Gi"))),
                "injector",
                    Map.of(
                        "tls",
                        Map.of(
                            "crtPEM", serving.certificatePem(),
                            "keyPEM", serving.keyPem(),
                            "caBundlePEM", webhookCa.certificatePem())),
                "proxy", Map.of("initImage", Map.of("repository", "weft-init"))));
    List<HasMetadata> objects = render(dir, values);

    Deployment deployment = Charts.one(objects, Deployment.class, "weft-control-plane");
    assertEquals(3, deployment.getSpec().getReplicas());
    Container c = Checks.controlPlane(objects);
    assertEquals("registry.example/weft/cp:1.2.3", c.getImage());
    assertEquals("Always", c.getImagePullPolicy());
    assertEquals(new Quantity("250m"), c.getResources().getRequests().get("cpu"));
    assertEquals(new Quantity("1Gi"), c.getResources().getLimits().get("memory"));
    assertEquals("false", Checks.env(c).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));

    Secret tls = Charts.one(objects, Secret.class, "weft-proxy-injector-tls");
    assertEquals(
        serving.certificate(), TestPki.parseCertificate(Checks.secretData(tls, "tls.crt")));
    MutatingWebhook webhook =
        Charts.one(objects, MutatingWebhookConfiguration.class, "weft-proxy-injector")
            .getWebhooks()
            .getFirst();
    Checks.webhookMatchesServiceAndDeployment(objects, webhook, "weft-proxy-injector-tls");
    Checks.deploymentMountsWhatItsEnvironmentNames(objects);
    assertEquals(
        "ghcr.io/weft-dev/weft-init:" + System.getProperty("weft.version"),
        Checks.proxyJson(objects).get("initImage").asText());
  }
}

package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Semantic checks shared by the renderings with default and with custom values. */
final class Checks {
  private Checks() {}

  static Container controlPlane(List<HasMetadata> objects) {
    return podSpec(objects).getContainers().getFirst();
  }

  static PodSpec podSpec(List<HasMetadata> objects) {
    return Charts.one(objects, Deployment.class, "weft-control-plane")
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  static Map<String, String> env(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      env.put(e.getName(), e.getValue());
    }
    return env;
  }

  static String secretData(Secret secret, String key) {
    String b64 = secret.getData().get(key);
    assertNotNull(b64, "Secret " + secret.getMetadata().getName() + " has no " + key);
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /**
   * The webhook calls the Service on a port whose target is the container port the injector listens
   * on, at /inject; its caBundle signed the certificate the injector serves.
   */
  static void webhookMatchesServiceAndDeployment(
      List<HasMetadata> objects, MutatingWebhook webhook, String servingSecret) {
    ServiceReference ref = webhook.getClientConfig().getService();
    assertEquals("/inject", ref.getPath());
    assertEquals(Charts.NAMESPACE, ref.getNamespace());
    Service service = Charts.one(objects, Service.class, ref.getName());
    ServicePort port =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort().equals(ref.getPort()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Service has no port " + ref.getPort()));
    Container c = controlPlane(objects);
    ContainerPort target =
        c.getPorts().stream()
            .filter(p -> p.getName().equals(port.getTargetPort().getStrVal()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no container port " + port.getTargetPort()));
    assertEquals(env(c).get("WEFT_INJECTOR_PORT"), String.valueOf(target.getContainerPort()));
    for (Map.Entry<String, String> selector : service.getSpec().getSelector().entrySet()) {
      assertEquals(
          selector.getValue(),
          Charts.one(objects, Deployment.class, "weft-control-plane")
              .getSpec()
              .getTemplate()
              .getMetadata()
              .getLabels()
              .get(selector.getKey()));
    }

    X509Certificate ca =
        TestPki.parseCertificate(
            new String(
                Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()),
                StandardCharsets.US_ASCII));
    String caPem =
        new String(
            Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()),
            StandardCharsets.US_ASCII);
    Charts.find(objects, Secret.class, servingSecret)
        .ifPresent(secret -> {
          // The certificate is generated once per rendering: the Deployment's checksum (which
          // restarts it on a change) hashes the very certificate the Secret holds.
          assertEquals(
              sha256(secretData(secret, "tls.crt").strip() + caPem.strip()),
              Charts.one(objects, Deployment.class, "weft-control-plane")
                  .getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations()
                  .get("checksum/injector-tls"));
          X509Certificate serving = TestPki.parseCertificate(secretData(secret, "tls.crt"));
          try {
            serving.verify(ca.getPublicKey());
            assertTrue(
                serving.getSubjectAlternativeNames().stream()
                    .anyMatch(n -> n.get(1).equals("weft-control-plane.weft.svc")),
                "serving certificate names weft-control-plane.weft.svc");
          } catch (Exception e) {
            throw new AssertionError("the caBundle did not sign the serving certificate", e);
          }
        });
  }

  /** Each file the environment names is in a volume mounted from the object it should come from. */
  static void deploymentMountsWhatItsEnvironmentNames(List<HasMetadata> objects) {
    Container c = controlPlane(objects);
    Map<String, String> env = env(c);
    String injectorSecret = volumeSource(objects, c, env.get("WEFT_INJECTOR_TLS_CERT"), "tls.crt");
    assertEquals(
        injectorSecret, volumeSource(objects, c, env.get("WEFT_INJECTOR_TLS_KEY"), "tls.key"));
    String config = volumeSource(objects, c, env.get("WEFT_INJECTOR_CONFIG"), "proxy.json");
    assertEquals("weft-config", config);
    assertEquals("/etc/weft/config/proxy.json", env.get("WEFT_INJECTOR_CONFIG"));
    Charts.find(objects, Secret.class, injectorSecret)
        .ifPresent(s -> assertTrue(s.getData().containsKey("tls.key")));
    // The identity objects are read through the API (not mounted): they must exist or be named.
    Charts.find(objects, Secret.class, env.get("WEFT_IDENTITY_ISSUER_SECRET"))
        .ifPresent(
            s -> assertTrue(s.getData().keySet().containsAll(List.of("tls.crt", "tls.key"))));
    Charts.find(objects, ConfigMap.class, env.get("WEFT_IDENTITY_TRUST_ANCHORS_CONFIGMAP"))
        .ifPresent(m -> assertTrue(m.getData().containsKey("ca-bundle.crt")));
    assertEquals(
        env.get("WEFT_IDENTITY_TRUST_ANCHORS_CONFIGMAP"),
        proxyJson(objects).get("trustAnchorsConfigMap").asText());
  }

  /** The name of the Secret or ConfigMap whose key {@code key} appears at {@code file}. */
  private static String volumeSource(
      List<HasMetadata> objects, Container c, String file, String key) {
    assertNotNull(file, "an environment variable names no file");
    assertTrue(file.endsWith("/" + key), file + " is not the key " + key);
    String dir = file.substring(0, file.length() - key.length() - 1);
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(dir))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing is mounted at " + dir));
    assertTrue(mount.getReadOnly(), dir + " is read-only");
    Volume volume =
        podSpec(objects).getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
    if (volume.getSecret() != null) {
      return volume.getSecret().getSecretName();
    }
    assertNotNull(
        volume.getConfigMap(), "volume " + volume.getName() + " is a Secret or ConfigMap");
    String name = volume.getConfigMap().getName();
    assertTrue(Charts.one(objects, ConfigMap.class, name).getData().containsKey(key));
    return name;
  }

  /** No wildcard anywhere; Secrets only in the release namespace's Role. */
  static void rbacIsLeastPrivilege(List<HasMetadata> objects) {
    List<PolicyRule> clusterRules =
        objects.stream()
            .filter(ClusterRole.class::isInstance)
            .flatMap(o -> ((ClusterRole) o).getRules().stream())
            .toList();
    List<PolicyRule> roleRules =
        objects.stream()
            .filter(Role.class::isInstance)
            .flatMap(o -> ((Role) o).getRules().stream())
            .toList();
    assertFalse(clusterRules.isEmpty());
    for (PolicyRule r : Stream.concat(clusterRules.stream(), roleRules.stream()).toList()) {
      for (List<String> field : List.of(r.getApiGroups(), r.getResources(), r.getVerbs())) {
        assertFalse(field.contains("*"), "wildcard in " + r);
      }
    }
    for (PolicyRule r : clusterRules) {
      assertFalse(r.getResources().contains("secrets"), "cluster-wide secrets in " + r);
      // update only where it replaces nothing but Weft's own status conditions.
      List<String> verbs =
          r.getResources().equals(List.of("servicepolicies/status"))
              ? List.of("update")
              : List.of("get", "list", "watch", "create", "patch");
      assertTrue(verbs.containsAll(r.getVerbs()), "verbs of " + r);
    }
    objects.stream()
        .filter(Role.class::isInstance)
        .forEach(o -> assertEquals(Charts.NAMESPACE, o.getMetadata().getNamespace()));
    assertTrue(
        clusterRules.stream()
            .anyMatch(r ->
                r.getApiGroups().contains("authentication.k8s.io")
                    && r.getResources().equals(List.of("tokenreviews"))
                    && r.getVerbs().equals(List.of("create"))));
    // Injected proxies mount the trust anchors from their own namespace: the control plane copies
    // them there.
    // The trust-anchor copies: created anywhere, but read and changed by their name only.
    assertTrue(
        clusterRules.stream()
            .anyMatch(r ->
                r.getResources().equals(List.of("configmaps"))
                    && r.getVerbs().equals(List.of("create"))
                    && r.getResourceNames().isEmpty()),
        "configmaps create cluster-wide: " + clusterRules);
    assertTrue(
        clusterRules.stream()
            .filter(r -> r.getResources().equals(List.of("configmaps")))
            .filter(r -> !r.getVerbs().equals(List.of("create")))
            .allMatch(r ->
                r.getVerbs().equals(List.of("get", "patch")) && r.getResourceNames().size() == 1),
        "configmaps get, patch only by name: " + clusterRules);
    assertTrue(
        clusterRules.stream()
            .anyMatch(r ->
                r.getResources().equals(List.of("servicepolicies/status"))
                    && r.getVerbs().equals(List.of("update"))),
        "servicepolicies/status update: " + clusterRules);
    assertTrue(
        roleRules.stream()
            .anyMatch(r ->
                r.getResources().contains("secrets")
                    && r.getVerbs().equals(List.of("get", "list", "watch"))));
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode proxyJson(List<HasMetadata> objects) {
    String text = Charts.one(objects, ConfigMap.class, "weft-config").getData().get("proxy.json");
    assertNotNull(text, "weft-config has proxy.json");
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("proxy.json is not JSON: " + text, e);
    }
  }
}

package dev.weft.controlplane.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The ServicePolicy CRD as the chart ships it, and ServicePolicy objects written as YAML. */
final class ServicePolicyObjects {
  /** Relative to the module, as Surefire runs. */
  static final Path CRD = Path.of("../../helm/weft-crds/templates/servicepolicies.yaml");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ServicePolicyObjects() {}

  static CustomResourceDefinition crd() {
    try {
      return SERIALIZATION.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ServicePolicy demo/NAME whose spec is {@code spec} (YAML, indented by four spaces). */
  static GenericKubernetesResource policy(String name, String spec) {
    return SERIALIZATION.unmarshal(
        """
        apiVersion: policy.weft.dev/v1alpha1
        kind: ServicePolicy
        metadata:
          name: %s
          namespace: demo
        spec:
        %s
        """
            .formatted(name, spec.stripIndent().indent(2)),
        GenericKubernetesResource.class);
  }

  static GenericKubernetesResource create(KubernetesClient client, GenericKubernetesResource p) {
    return client.genericKubernetesResources(ServicePolicies.CONTEXT).resource(p).create();
  }

  static GenericKubernetesResource update(KubernetesClient client, GenericKubernetesResource p) {
    return client.genericKubernetesResources(ServicePolicies.CONTEXT).resource(p).update();
  }

  /** The policy's Accepted condition's status and reason, such as {@code False/Invalid}. */
  static String accepted(KubernetesClient client, String name) {
    Map<?, ?> condition = condition(client, name);
    return condition == null ? null : condition.get("status") + "/" + condition.get("reason");
  }

  /** The Accepted condition's message. */
  static String acceptedMessage(KubernetesClient client, String name) {
    Map<?, ?> condition = condition(client, name);
    return condition == null ? null : (String) condition.get("message");
  }

  private static Map<?, ?> condition(KubernetesClient client, String name) {
    GenericKubernetesResource now =
        client
            .genericKubernetesResources(ServicePolicies.CONTEXT)
            .inNamespace("demo")
            .withName(name)
            .get();
    if (now != null
        && now.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("conditions") instanceof List<?> conditions) {
      for (Object condition : conditions) {
        if (condition instanceof Map<?, ?> map && "Accepted".equals(map.get("type"))) {
          return map;
        }
      }
    }
    return null;
  }
}

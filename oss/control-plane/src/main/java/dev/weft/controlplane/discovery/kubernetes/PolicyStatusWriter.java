package dev.weft.controlplane.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Writes a ServicePolicy's {@code status.conditions[type=Accepted]} through the status subresource,
 * only when it would change: each write comes back as an informer update, which must not write
 * again.
 */
final class PolicyStatusWriter {
  private static final Logger LOG = Logger.getLogger(PolicyStatusWriter.class);

  private final KubernetesClient client;
  private final ResourceDefinitionContext context;
  private volatile boolean failedBefore;

  PolicyStatusWriter(KubernetesClient client, ResourceDefinitionContext context) {
    this.client = client;
    this.context = context;
  }

  void write(GenericKubernetesResource object, boolean accepted, String reason, String message) {
    Long generation = object.getMetadata().getGeneration();
    Map<String, Object> current = accepted(object);
    String status = accepted ? "True" : "False";
    if (current != null
        && status.equals(current.get("status"))
        && reason.equals(current.get("reason"))
        && message.equals(current.get("message"))
        && Objects.equals(number(generation), number(current.get("observedGeneration")))) {
      return;
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "Accepted");
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("message", message);
    if (generation != null) {
      condition.put("observedGeneration", generation);
    }
    condition.put(
        "lastTransitionTime",
        current != null && status.equals(current.get("status"))
            ? current.get("lastTransitionTime")
            : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    GenericKubernetesResource updated =
        new GenericKubernetesResourceBuilder(object)
            .editMetadata()
            // Without a resourceVersion the client replaces the newest version, not the cached one.
            .withResourceVersion(null)
            .endMetadata()
            .build();
    updated.getAdditionalProperties().put("status", Map.of("conditions", List.of(condition)));
    try {
      client
          .genericKubernetesResources(context)
          .inNamespace(object.getMetadata().getNamespace())
          .resource(updated)
          .updateStatus();
      failedBefore = false;
    } catch (KubernetesClientException e) {
      // Status is a courtesy to kubectl users: without RBAC for it, discovery still works.
      if (!failedBefore) {
        LOG.warnf(
            "Cannot write the status of ServicePolicy %s/%s (check RBAC for"
                + " servicepolicies/status): %s",
            object.getMetadata().getNamespace(), object.getMetadata().getName(), e.getMessage());
        failedBefore = true;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> accepted(GenericKubernetesResource object) {
    if (object.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && status.get("conditions") instanceof List<?> conditions) {
      for (Object condition : conditions) {
        if (condition instanceof Map<?, ?> map && "Accepted".equals(map.get("type"))) {
          return (Map<String, Object>) map;
        }
      }
    }
    return null;
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}

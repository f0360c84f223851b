package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * A Kubernetes object that creates pods, and the pod template in it: {@code spec.template} of
 * Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs, {@code
 * spec.jobTemplate.spec.template} of CronJobs, and a bare Pod itself (its metadata and spec are
 * what a template's would be).
 */
record Workload(String kind, String name, ObjectNode podTemplate) {
  /** How the summary names an object: {@code deployment "books"}. */
  static String describe(JsonNode object) {
    String kind = object.path("kind").asText("object").toLowerCase(Locale.ROOT);
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      name = object.path("metadata").path("generateName").asText("");
    }
    return kind + " \"" + name + "\"";
  }

  /** The workload this object is, or empty when it runs no pods (Service, ConfigMap, ...). */
  static Optional<Workload> of(ObjectNode object) {
    String kind = object.path("kind").asText("");
    String name = object.path("metadata").path("name").asText("");
    JsonNode template =
        switch (kind) {
          case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
              object.path("spec").path("template");
          case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template");
          case "Pod" -> object;
          default -> null;
        };
    if (template instanceof ObjectNode t) {
      return Optional.of(new Workload(kind, name, t));
    }
    return Optional.empty();
  }
}

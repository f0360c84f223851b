package dev.weft.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what the injector needs from a pod's JSON (an admission request's object or a workload's
 * {@code spec.template}). Fields of the wrong JSON type are reported, naming the field, as an
 * IllegalArgumentException: such a pod would be refused by the API server anyway.
 */
final class PodView {
  private final ObjectNode pod;

  PodView(ObjectNode pod) {
    this.pod = pod;
  }

  Map<String, String> annotations() {
    return strings("annotations");
  }

  Map<String, String> labels() {
    return strings("labels");
  }

  boolean hostNetwork() {
    JsonNode value = spec().get("hostNetwork");
    return value != null && value.asBoolean(false);
  }

  String serviceAccount() {
    for (String field : new String[] {"serviceAccountName", "serviceAccount"}) {
      JsonNode value = spec().get(field);
      if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
        return value.textValue();
      }
    }
    return "default";
  }

  boolean hasContainer(String name) {
    return containerNamed("containers", name) || containerNamed("initContainers", name);
  }

  /** The pod's spec; a pod without one cannot be injected (or created). */
  ObjectNode spec() {
    JsonNode spec = pod.get("spec");
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException(
          "spec: " + (spec == null ? "missing" : spec.getNodeType()) + " (expected: an object)");
    }
    return (ObjectNode) spec;
  }

  /** The metadata object, or null when absent. */
  ObjectNode metadata() {
    return object(pod, "metadata", "metadata");
  }

  /** The array at {@code spec.FIELD}, or null when absent. */
  JsonNode specArray(String field) {
    JsonNode value = spec().get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(
          "spec." + field + ": " + value.getNodeType() + " (expected: an array)");
    }
    return value;
  }

  private boolean containerNamed(String field, String name) {
    JsonNode containers = specArray(field);
    if (containers == null) {
      return false;
    }
    for (JsonNode container : containers) {
      if (name.equals(container.path("name").asText(null))) {
        return true;
      }
    }
    return false;
  }

  private Map<String, String> strings(String field) {
    Map<String, String> out = new LinkedHashMap<>();
    ObjectNode metadata = metadata();
    ObjectNode map = metadata == null ? null : object(metadata, field, "metadata." + field);
    if (map != null) {
      map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static ObjectNode object(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(
          path + ": " + value.getNodeType() + " (expected: an object)");
    }
    return (ObjectNode) value;
  }
}

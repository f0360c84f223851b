package dev.weft.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Pod JSON for tests, written with single quotes to keep it readable in Java strings. */
final class Pods {
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  static final Injector INJECTOR = new Injector(InjectorConfig.defaults());

  private Pods() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad test JSON: " + text, e);
    }
  }

  /**
   * A one-container pod with {@code annotations} (a JSON object's body) and {@code spec} extras.
   */
  static ObjectNode pod(String annotations, String specExtras) {
    return (ObjectNode)
        json(
            "{'metadata': {'name': 'books-7c9f-x', 'annotations': {"
                + annotations
                + "}}, 'spec': {"
                + (specExtras.isEmpty() ? "" : specExtras + ", ")
                + "'containers': [{'name': 'books', 'image': 'books:1'}]}}");
  }

  static ObjectNode annotated(String annotations) {
    return pod(
        "'weft.dev/inject': 'enabled'" + (annotations.isEmpty() ? "" : ", " + annotations), "");
  }

  static Decision decide(ObjectNode pod) {
    return INJECTOR.decide(pod, "demo", Map.of(), Map.of());
  }

  /** The injected pod's proxy container, wherever the mode put it. */
  static JsonNode container(ObjectNode pod, String name) {
    for (String field : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : pod.path("spec").path(field)) {
        if (name.equals(c.path("name").asText())) {
          return c;
        }
      }
    }
    throw new AssertionError("no container " + name + " in " + pod);
  }

  /** The value of one environment variable of {@code container}. */
  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name + " in " + container);
  }
}

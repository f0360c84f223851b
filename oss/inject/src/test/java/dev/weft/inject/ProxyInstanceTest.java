package dev.weft.inject;

import static dev.weft.inject.Pods.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy's instance name, under which the fleet inventory lists it: the pod's name, read through
 * the downward API whether the injection was decided by the webhook or forced by hand.
 */
class ProxyInstanceTest {
  static final String FROM_POD_NAME =
      """
      {'name': 'WEFT_PROXY_INSTANCE', 'valueFrom': {'fieldRef': {'apiVersion': 'v1',
       'fieldPath': 'metadata.name'}}}
      """;

  @Test
  void theInstanceIsThePodsNameOnce() {
    ObjectNode pod = Pods.annotated("");
    assertEquals(List.of(json(FROM_POD_NAME)), instanceEntries(proxy(Pods.decide(pod), pod)));
  }

  @Test
  void manualInjectionAlsoNamesTheInstanceBeforeTheZone() {
    ObjectNode pod = Pods.pod("'config.weft.dev/zone': 'zone-b'", "");
    JsonNode env = proxy(Pods.INJECTOR.force(pod, "demo"), pod).path("env");
    assertEquals(json(FROM_POD_NAME), env.get(env.size() - 2));
    assertEquals("WEFT_PROXY_ZONE", env.get(env.size() - 1).path("name").asText());
  }

  private static JsonNode proxy(Decision d, ObjectNode pod) {
    return Pods.container(JsonPatch.apply(pod, d.patch()), "weft-proxy");
  }

  private static List<JsonNode> instanceEntries(JsonNode proxy) {
    List<JsonNode> entries = new ArrayList<>();
    proxy
        .path("env")
        .forEach(e -> {
          if (e.path("name").asText().equals("WEFT_PROXY_INSTANCE")) {
            entries.add(e);
          }
        });
    return entries;
  }
}

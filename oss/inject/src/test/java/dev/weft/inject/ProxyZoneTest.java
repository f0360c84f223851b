package dev.weft.inject;

import static dev.weft.inject.Pods.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proxy's zone (the pod's zone label, or {@code config.weft.dev/zone}) and the variables the
 * control plane's extensions add to injected proxies.
 */
class ProxyZoneTest {
  static final String FROM_LABEL =
      """
      {'name': 'WEFT_PROXY_ZONE', 'valueFrom': {'fieldRef': {'apiVersion': 'v1',
       'fieldPath': "metadata.labels['topology.kubernetes.io/zone']"}}}
      """;

  @Test
  void withoutTheAnnotationTheZoneComesFromThePodsZoneLabel() {
    JsonNode proxy = proxy(Pods.decide(Pods.annotated("")), Pods.annotated(""));
    assertEquals(List.of(json(FROM_LABEL)), zoneEntries(proxy));
  }

  @Test
  void theAnnotationSetsTheZoneLiterally() {
    ObjectNode pod = Pods.annotated("'config.weft.dev/zone': ' us-east-1a '");
    Decision d = Pods.decide(pod);
    assertEquals(List.of(), d.warnings());
    assertEquals(
        List.of(json("{'name': 'WEFT_PROXY_ZONE', 'value': 'us-east-1a'}")),
        zoneEntries(proxy(d, pod)));
  }

  @Test
  void aBadZoneAnnotationIsIgnoredWithAWarningNamingIt() {
    for (String bad : List.of("zone a", "-zone", "", "z".repeat(64))) {
      ObjectNode pod = Pods.annotated("'config.weft.dev/zone': '" + bad + "'");
      Decision d = Pods.decide(pod);
      assertTrue(d.inject(), "a bad zone never stops the injection");
      assertEquals(
          List.of(
              "config.weft.dev/zone=\""
                  + bad
                  + "\" ignored (expected: "
                  + SettingValues.ZONE_EXPECTED
                  + "); keeping \"the pod's topology.kubernetes.io/zone label\""),
          d.warnings());
      assertEquals(List.of(json(FROM_LABEL)), zoneEntries(proxy(d, pod)));
    }
  }

  @Test
  void extensionVariablesFollowTheInjectorsOwnByName() {
    ObjectNode pod = Pods.annotated("");
    Decision d =
        Pods.INJECTOR.decide(
            pod, "demo", Map.of(), Map.of(), Map.of("WEFT_LICENSE", "key", "A_SETTING", "1"));
    List<String> names = new ArrayList<>();
    JsonNode env = proxy(d, pod).path("env");
    env.forEach(e -> names.add(e.path("name").asText()));
    assertEquals(
        List.of("WEFT_PROXY_ZONE", "A_SETTING", "WEFT_LICENSE"),
        names.subList(names.size() - 3, names.size()));
    assertEquals(json("{'name': 'WEFT_LICENSE', 'value': 'key'}"), env.get(env.size() - 1));
  }

  @Test
  void manualInjectionSetsTheZoneAndNoExtensionVariable() {
    ObjectNode pod = Pods.pod("'config.weft.dev/zone': 'zone-b'", "");
    JsonNode proxy = proxy(Pods.INJECTOR.force(pod, "demo"), pod);
    JsonNode env = proxy.path("env");
    assertEquals(json("{'name': 'WEFT_PROXY_ZONE', 'value': 'zone-b'}"), env.get(env.size() - 1));
  }

  @Test
  void extensionVariablesMayNotBeTheProxysOwnOrBadNames() {
    ObjectNode pod = Pods.annotated("");
    IllegalArgumentException own =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Pods.INJECTOR.decide(
                    pod, "demo", Map.of(), Map.of(), Map.of("WEFT_PROXY_ZONE", "elsewhere")));
    assertTrue(own.getMessage().contains("'WEFT_PROXY_ZONE'"), own.getMessage());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class, () -> Injector.checkExtraEnvironment("1-LICENSE"));
    assertTrue(bad.getMessage().contains("'1-LICENSE'"), bad.getMessage());
  }

  private static JsonNode proxy(Decision d, ObjectNode pod) {
    return Pods.container(JsonPatch.apply(pod, d.patch()), "weft-proxy");
  }

  private static List<JsonNode> zoneEntries(JsonNode proxy) {
    List<JsonNode> entries = new ArrayList<>();
    proxy
        .path("env")
        .forEach(e -> {
          if (e.path("name").asText().equals("WEFT_PROXY_ZONE")) {
            entries.add(e);
          }
        });
    return entries;
  }
}

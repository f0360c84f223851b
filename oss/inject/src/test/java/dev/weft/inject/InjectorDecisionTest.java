package dev.weft.inject;

import static dev.weft.inject.Pods.INJECTOR;
import static dev.weft.inject.Pods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods get the proxy, and the one line that says why. */
class InjectorDecisionTest {
  static final Map<String, String> ENABLED_NS = Map.of("weft.dev/inject", "enabled");

  @Test
  void annotatedPodIsInjected() {
    Decision d = Pods.decide(Pods.annotated(""));
    assertTrue(d.inject());
    assertEquals("injected: weft.dev/inject=enabled on the pod", d.reason());
    assertEquals(List.of(), d.warnings());
    assertFalse(d.patch().isEmpty());
  }

  @Test
  void podInAnnotatedNamespaceIsInjected() {
    Decision d = INJECTOR.decide(pod("", ""), "demo", ENABLED_NS, Map.of());
    assertTrue(d.inject());
    assertEquals("injected: weft.dev/inject=enabled on namespace demo", d.reason());
  }

  @Test
  void thePodsOptOutWinsOverAnEnabledNamespace() {
    Decision d =
        INJECTOR.decide(pod("'weft.dev/inject': 'disabled'", ""), "demo", ENABLED_NS, Map.of());
    assertFalse(d.inject());
    assertEquals("skipped: weft.dev/inject=disabled on the pod", d.reason());
    assertEquals(List.of(), d.patch());
  }

  @Test
  void noAnnotationAnywhereIsSkipped() {
    Decision d = INJECTOR.decide(pod("", ""), "demo", Map.of("other", "x"), Map.of());
    assertFalse(d.inject());
    assertEquals("skipped: no weft.dev/inject annotation on the pod or namespace demo", d.reason());
  }

  @Test
  void anUnknownValueIsSkippedAndNamed() {
    Decision d = INJECTOR.decide(pod("", ""), "demo", Map.of("weft.dev/inject", "yes"), Map.of());
    assertFalse(d.inject());
    assertEquals(
        "skipped: weft.dev/inject=yes on namespace demo (expected: enabled or disabled)",
        d.reason());
  }

  @Test
  void hostNetworkPodsAreSkipped() {
    Decision d = Pods.decide(pod("'weft.dev/inject': 'enabled'", "'hostNetwork': true"));
    assertFalse(d.inject());
    assertEquals("skipped: hostNetwork pods share the node's network", d.reason());
  }

  @Test
  void anInjectedPodIsNotInjectedTwice() {
    ObjectNode injected =
        JsonPatch.apply(Pods.annotated(""), Pods.decide(Pods.annotated("")).patch());
    Decision again = INJECTOR.decide(injected, "demo", ENABLED_NS, Map.of());
    assertFalse(again.inject());
    assertEquals("skipped: already injected (container weft-proxy present)", again.reason());
    ObjectNode classic =
        JsonPatch.apply(
            Pods.annotated(""),
            Pods.decide(Pods.annotated("'config.weft.dev/sidecar-mode': 'classic'")).patch());
    assertFalse(Pods.decide(classic).inject(), "a classic proxy counts too");
  }

  @Test
  void weftsOwnPodsInItsNamespaceAreSkipped() {
    ObjectNode pod = Pods.annotated("");
    pod.with("metadata").putObject("labels").put("app.kubernetes.io/part-of", "weft");
    assertEquals(
        "skipped: a Weft component (app.kubernetes.io/part-of=weft in namespace weft)",
        INJECTOR.decide(pod, "weft", Map.of(), Map.of()).reason());
    assertTrue(INJECTOR.decide(pod, "demo", Map.of(), Map.of()).inject(), "elsewhere: a user pod");
  }

  @Test
  void aNamespaceWithWebhooksDisabledIsSkipped() {
    Decision d =
        INJECTOR.decide(
            Pods.annotated(""),
            "demo",
            Map.of(),
            Map.of("config.weft.dev/admission-webhooks", "disabled"));
    assertEquals(
        "skipped: config.weft.dev/admission-webhooks=disabled on namespace demo", d.reason());
  }

  @Test
  void forcedInjectionNeedsNoAnnotationButHonoursTheOptOut() {
    Decision d = INJECTOR.force(pod("", ""), "demo");
    assertTrue(d.inject());
    assertEquals("injected: requested (manual injection)", d.reason());
    assertFalse(INJECTOR.force(pod("'weft.dev/inject': 'disabled'", ""), "demo").inject());
    assertFalse(INJECTOR.force(pod("", "'hostNetwork': true"), "demo").inject());
  }

  @Test
  void aMalformedPodNamesTheField() {
    ObjectNode pod = (ObjectNode) Pods.json("{'metadata': {}, 'spec': {'containers': 5}}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> INJECTOR.force(pod, "demo"));
    assertEquals("spec.containers: NUMBER (expected: an array)", e.getMessage());
  }
}

package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weft-crds chart: Gateway API CRDs only when asked for, and then typed and structural. */
class CrdsChartTest {
  @Test
  void gatewayApiCrdsAreOffByDefault() {
    List<HasMetadata> objects = Charts.parse(Charts.template(Charts.crds(), List.of(), Map.of()));
    assertTrue(
        objects.stream()
            .noneMatch(o -> o.getMetadata().getName().endsWith(".gateway.networking.k8s.io")),
        "no Gateway API CRD without gatewayAPI.install=true");
  }

  @Test
  void theServicePolicyCrdIsAlwaysThereTypedWithNoUnknownField() {
    List<HasMetadata> objects = Charts.parse(Charts.template(Charts.crds(), List.of(), Map.of()));
    CustomResourceDefinition crd =
        Charts.one(objects, CustomResourceDefinition.class, "servicepolicies.policy.weft.dev");
    assertEquals(List.of(), UnknownFields.of(crd));
    assertEquals("ServicePolicy", crd.getSpec().getNames().getKind());
    assertEquals("v1alpha1", crd.getSpec().getVersions().getFirst().getName());
  }

  @Test
  void gatewayApiCrdsRenderAsTypedStructuralCrds() {
    List<HasMetadata> objects =
        Charts.parse(
            Charts.template(Charts.crds(), List.of(), Map.of("gatewayAPI.install", "true")));
    for (String name :
        List.of("httproutes.gateway.networking.k8s.io", "grpcroutes.gateway.networking.k8s.io")) {
      CustomResourceDefinition crd = Charts.one(objects, CustomResourceDefinition.class, name);
      assertEquals(List.of(), UnknownFields.of(crd), name);
      assertEquals("gateway.networking.k8s.io", crd.getSpec().getGroup());
      assertEquals("Namespaced", crd.getSpec().getScope());
      var version = crd.getSpec().getVersions().getFirst();
      assertEquals("v1", version.getName());
      assertTrue(version.getServed() && version.getStorage());
      JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
      // What discovery reads must be in the schema, or the API server prunes it.
      assertTrue(
          spec.getProperties().keySet().containsAll(List.of("parentRefs", "rules", "hostnames")));
      JSONSchemaProps rule = spec.getProperties().get("rules").getItems().getSchema();
      assertTrue(rule.getProperties().keySet().containsAll(List.of("matches", "backendRefs")));
      assertTrue(
          crd.getMetadata()
              .getAnnotations()
              .get("weft.dev/generated")
              .contains("structural schema"));
    }
  }
}

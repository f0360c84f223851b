package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's ServicePolicy CRD agrees with what the control plane reads: the same fields, and the
 * same samples refused at the same field.
 */
class ServicePolicyCrdTest {
  private static final Pattern ERROR_FIELD = Pattern.compile("ServicePolicy demo/\\S+ (\\S+): ");

  private final CustomResourceDefinition crd = ServicePolicyObjects.crd();
  private final CustomResourceDefinitionVersion version = crd.getSpec().getVersions().getFirst();
  private final JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
  private final ServicePolicyTranslator translator = new ServicePolicyTranslator();

  @Test
  void namesScopeStatusAndColumnsAreTheOnesTheControlPlaneUses() throws Exception {
    assertEquals(
        ServicePolicyTranslator.PLURAL + "." + ServicePolicyTranslator.GROUP,
        crd.getMetadata().getName());
    assertEquals(ServicePolicyTranslator.GROUP, crd.getSpec().getGroup());
    assertEquals("Namespaced", crd.getSpec().getScope());
    assertEquals(ServicePolicyTranslator.KIND, crd.getSpec().getNames().getKind());
    assertEquals(ServicePolicyTranslator.PLURAL, crd.getSpec().getNames().getPlural());
    assertEquals(List.of("svcpol"), crd.getSpec().getNames().getShortNames());
    assertEquals(1, crd.getSpec().getVersions().size());
    assertEquals(ServicePolicyTranslator.VERSION, version.getName());
    assertTrue(version.getServed() && version.getStorage());
    assertTrue(version.getSubresources().getStatus() != null, "status is a subresource");
    assertEquals(
        Map.of(
            "Target", ".spec.targetRef.name",
            "Accepted", ".status.conditions[?(@.type==\"Accepted\")].status",
            "Reason", ".status.conditions[?(@.type==\"Accepted\")].reason",
            "Age", ".metadata.creationTimestamp"),
        Map.ofEntries(
            version.getAdditionalPrinterColumns().stream()
                .map(c -> Map.entry(c.getName(), c.getJsonPath()))
                .toArray(Map.Entry[]::new)));
    assertNothingDropped(crd);
  }

  @Test
  void theSchemaListsExactlyTheFieldsTheControlPlaneReads() {
    Set<String> leaves = new TreeSet<>();
    leaves(root.getProperties().get("spec"), "spec", leaves);
    assertEquals(new TreeSet<>(ServicePolicyTranslator.FIELDS), leaves);
  }

  @Test
  void aValidSampleIsValidForBoth() {
    GenericKubernetesResource valid = policy("books", ServicePolicyTest.FULL);
    assertEquals(List.of(), SchemaCheck.violations(root, valid.getAdditionalProperties(), ""));
    assertEquals(List.of(), translator.translate(valid).errors());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "retryBudget: {ratio: 11}",
        "retryBudget: {ratio: -0.1}",
        "retryBudget: {ratio: '0.2'}",
        "retryBudget: {minPerSecond: 1000001}",
        "retryBudget: {minPerSecond: 1.5}",
        "retryBudget: {ttl: 0s}",
        "retryBudget: {ttl: 10 s}",
        "failureAccrual: {failures: 0}",
        "failureAccrual: {minBackoff: 1d}",
        "failureAccrual: {maxBackoff: 500}",
        "balancer: {config: {decay: 10s}}",
        "balancer: {name: ''}",
        "balancer: {name: a=b}",
        "balancer: {name: ewma, config: {decay: ''}}",
        "balancer: {name: ewma, config: {decay: 10}}",
        "balancer: 3",
      })
  void anInvalidSampleIsRefusedByBothAtTheSameField(String invalid) {
    check("targetRef: {kind: Service, name: books}\n" + invalid);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "retryBudget: {ratio: 1}",
        "targetRef: {kind: Deployment, name: books}",
        "targetRef: {group: apps, kind: Service, name: books}",
        "targetRef: {kind: Service, name: Books}",
        "targetRef: {kind: Service}",
      })
  void aBadTargetRefIsRefusedByBothAtTheSameField(String spec) {
    check(spec);
  }

  @Test
  void minBackoffAboveMaxBackoffIsARuleOfTheSchemaAndAnErrorOfTheControlPlane() {
    List<ValidationRule> rules =
        root.getProperties()
            .get("spec")
            .getProperties()
            .get("failureAccrual")
            .getXKubernetesValidations();
    assertEquals(1, rules.size());
    assertTrue(
        rules
            .getFirst()
            .getRule()
            .contains("duration(self.minBackoff) <= duration(self.maxBackoff)"));
    assertEquals(
        List.of("spec.failureAccrual.minBackoff"),
        fields(
            policy(
                "p",
                "targetRef: {kind: Service, name: books}\nfailureAccrual: {minBackoff: 2m, maxBackoff: 1m}")));
  }

  private void check(String spec) {
    GenericKubernetesResource sample = policy("p", spec);
    List<String> bySchema =
        SchemaCheck.violations(root, sample.getAdditionalProperties(), "").stream()
            .map(path -> path.substring(1))
            .toList();
    assertTrue(!bySchema.isEmpty(), "the schema refuses " + spec);
    assertEquals(bySchema, fields(sample), "the fields refused for " + spec);
  }

  /** The fields the control plane names in its errors. */
  private List<String> fields(GenericKubernetesResource sample) {
    return translator.translate(sample).errors().stream()
        .map(error -> {
          Matcher matcher = ERROR_FIELD.matcher(error);
          assertTrue(matcher.find(), error);
          return matcher.group(1);
        })
        .toList();
  }

  private static void leaves(JSONSchemaProps schema, String path, Set<String> into) {
    if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
      into.add(path);
      return;
    }
    schema.getProperties().forEach((name, child) -> leaves(child, path + "." + name, into));
  }

  /** The manifest and the CRD read from it, back in JSON, agree: nothing fabric8 did not know. */
  private static void assertNothingDropped(CustomResourceDefinition crd) throws Exception {
    KubernetesSerialization serialization = new KubernetesSerialization();
    JsonNode original =
        serialization.convertValue(
            serialization.unmarshal(Files.readString(ServicePolicyObjects.CRD), Map.class),
            JsonNode.class);
    JsonNode read = serialization.convertValue(crd, JsonNode.class);
    // 0 and 0.0 are one number to the API server.
    Comparator<JsonNode> sameValue =
        (a, b) ->
            a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1;
    assertTrue(original.equals(sameValue, read), "read back: " + read);
  }
}

package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weft-enterprise chart's HAZL values: ConfigMap weft-hazl and the Role that lets the control
 * plane read it, only when enabled; bad values refused naming the field.
 */
class HazlChartTest {
  private static List<HasMetadata> render(Map<String, Object> sets) {
    Map<String, Object> all = new HashMap<>(sets);
    all.put("license.key", EnterpriseChartTest.KEY);
    return Charts.parse(Charts.template(EnterpriseChartTest.chart(), List.of(), all));
  }

  private static IllegalStateException refused(Map<String, Object> sets) {
    Map<String, Object> all = new HashMap<>(sets);
    all.put("license.key", EnterpriseChartTest.KEY);
    return assertThrows(
        IllegalStateException.class,
        () -> Charts.template(EnterpriseChartTest.chart(), List.of(), all),
        sets.toString());
  }

  @Test
  void offByDefaultRendersNothingForHazl() {
    List<HasMetadata> objects = render(Map.of());
    assertEquals(
        List.of("Secret/weft-license"),
        objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
  }

  @Test
  void onWritesTheConfigMapTheControlPlaneReads() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "hazl.enabled", "true",
                "hazl.band.low", "0.5",
                "hazl.band.high", "3",
                "hazl.zoneOrder[0]", "us-east-1b",
                "hazl.zoneOrder[1]", "us-east-1c",
                "hazl.loadDecay", "500ms"));
    ConfigMap cm = Charts.one(objects, ConfigMap.class, "weft-hazl");
    assertEquals(List.of(), UnknownFields.of(cm));
    assertEquals(Charts.NAMESPACE, cm.getMetadata().getNamespace());
    assertEquals(
        Map.of(
            "enabled", "true",
            "band.low", "0.5",
            "band.high", "3",
            "zone.order", "us-east-1b,us-east-1c",
            "load.decay", "500ms"),
        cm.getData());
  }

  @Test
  void theDefaultsAreTheBalancers() {
    ConfigMap cm = Charts.one(render(Map.of("hazl.enabled", "true")), ConfigMap.class, "weft-hazl");
    assertEquals(
        Map.of(
            "enabled", "true",
            "band.low", "0.8",
            "band.high", "2",
            "load.decay", "1s"),
        cm.getData());
  }

  @Test
  void theRoleGrantsGetOnThatConfigMapOnlyToTheControlPlane(@TempDir Path dir) {
    List<HasMetadata> objects = render(Map.of("hazl.enabled", "true"));
    assertEquals(4, objects.size(), objects.toString());
    Role role = Charts.one(objects, Role.class, "weft-control-plane-hazl");
    assertEquals(List.of(), UnknownFields.of(role));
    assertEquals(Charts.NAMESPACE, role.getMetadata().getNamespace());
    assertEquals(1, role.getRules().size(), role.getRules().toString());
    PolicyRule rule = role.getRules().getFirst();
    assertEquals(List.of(""), rule.getApiGroups());
    assertEquals(List.of("configmaps"), rule.getResources());
    assertEquals(List.of("weft-hazl"), rule.getResourceNames());
    assertEquals(List.of("get"), rule.getVerbs());

    RoleBinding binding = Charts.one(objects, RoleBinding.class, "weft-control-plane-hazl");
    assertEquals(List.of(), UnknownFields.of(binding));
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals(1, binding.getSubjects().size());
    Subject subject = binding.getSubjects().getFirst();

    // The subject is the ServiceAccount the weft chart runs the control plane as.
    Path identity = Values.write(dir, "identity.yaml", Values.Identity.generate().values());
    List<HasMetadata> weft =
        Charts.parse(Charts.template(Charts.weft(), List.of(identity), Map.of()));
    String account =
        Charts.one(weft, Deployment.class, "weft-control-plane")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getServiceAccountName();
    Charts.one(weft, ServiceAccount.class, account);
    assertEquals("ServiceAccount", subject.getKind());
    assertEquals(account, subject.getName());
    assertEquals(Charts.NAMESPACE, subject.getNamespace());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "hazl.band.low, 0, /hazl/band/low",
    "hazl.band.low, -1, /hazl/band/low",
    "hazl.band.low, lots, /hazl/band/low",
    "hazl.band.high, 1001, /hazl/band/high",
    "hazl.zoneOrder[0], zone a, /hazl/zoneOrder/0",
    "hazl.zoneOrder[0], -a, /hazl/zoneOrder/0",
    "hazl.loadDecay, 5ms, /hazl/loadDecay",
    "hazl.loadDecay, 2m, /hazl/loadDecay",
    "hazl.loadDecay, 1.5s, /hazl/loadDecay",
    "hazl.enabled, yes, /hazl/enabled",
    "hazl.bandLow, 1, /hazl",
  })
  void theSchemaRefusesABadValueNamingIt(String key, String value, String field) {
    IllegalStateException e = refused(Map.of(key, value));
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void theSchemaRefusesAZoneListedTwice() {
    IllegalStateException e = refused(Map.of("hazl.zoneOrder[0]", "a", "hazl.zoneOrder[1]", "a"));
    assertTrue(e.getMessage().contains("'/hazl/zoneOrder'"), e.getMessage());
  }

  @Test
  void aBandEndGivenAsTextIsBoundedToo() {
    // --set passes 0.5 as a string, which the schema can only match with a pattern.
    IllegalStateException e = refused(Map.of("hazl.band.high", "1000.5"));
    assertTrue(
        e.getMessage().contains("hazl.band.high: 1000.5 (expected: a number > 0 and <= 1000)"),
        e.getMessage());
    e = refused(Map.of("hazl.band.low", "0.0"));
    assertTrue(e.getMessage().contains("hazl.band.low: 0.0 (expected:"), e.getMessage());
  }

  @Test
  void aLowEndNotBelowTheHighEndFailsNamingBoth() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("hazl.band.low", "2", "hazl.band.high", "2"),
            Map.of("hazl.enabled", "true", "hazl.band.low", "3"))) {
      IllegalStateException e = refused(bad);
      assertTrue(
          e.getMessage().contains("hazl.band.low")
              && e.getMessage().contains("must be below hazl.band.high"),
          bad + ": " + e.getMessage());
    }
  }

  @Test
  void lintsStrictlyWithHazlOn(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("weft-enterprise");
    Files.createDirectories(copy.resolve("templates"));
    try (var files = Files.list(EnterpriseChartTest.chart())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName().toString()));
      }
    }
    try (var files = Files.list(EnterpriseChartTest.chart().resolve("templates"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve("templates").resolve(f.getFileName().toString()));
      }
    }
    Files.writeString(
        copy.resolve("values.yaml"),
        "license:\n  key: "
            + EnterpriseChartTest.KEY
            + "\nhazl:\n  enabled: true\n  band:\n    low: 0.5\n    high: 4\n"
            + "  zoneOrder: [zone-b]\n  loadDecay: 2s\n");
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }
}

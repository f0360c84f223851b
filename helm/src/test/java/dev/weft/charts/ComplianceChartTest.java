package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
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
 * The weft-enterprise chart's compliance values: the signing key's Secret, the inventory
 * ServiceAccount with read access to pods and their workloads, and a Role to read that one Secret;
 * what they refuse.
 */
class ComplianceChartTest {
  @TempDir Path dir;

  private List<HasMetadata> render(Map<String, Object> values, Map<String, Object> sets) {
    return Charts.parse(template(values, sets));
  }

  private String template(Map<String, Object> values, Map<String, Object> sets) {
    Map<String, Object> all = new HashMap<>(sets);
    all.put("license.key", EnterpriseChartTest.KEY);
    Path file = Values.write(dir, "compliance-" + values.hashCode() + ".yaml", values);
    return Charts.template(EnterpriseChartTest.chart(), List.of(file), all);
  }

  private IllegalStateException refused(Map<String, Object> values, Map<String, Object> sets) {
    return assertThrows(
        IllegalStateException.class, () -> template(values, sets), values + " " + sets);
  }

  private static Map<String, Object> key(String pem) {
    return Map.of("compliance", Map.of("signingKey", Map.of("key", pem)));
  }

  /** Kind/name of each object, sorted: Helm orders a rendering by kind, not by template. */
  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  void offByDefaultRendersNothingForCompliance() {
    assertEquals(List.of("Secret/weft-license"), kinds(render(Map.of(), Map.of())));
  }

  @Test
  void aKeyBecomesTheSigningSecretAndNothingElseWithoutTheInventory() {
    SigningKeys.Pem pem = SigningKeys.generate();
    // As --set-file passes a file written on Windows: CRLF and a trailing newline.
    List<HasMetadata> objects = render(key(pem.text().replace("\n", "\r\n")), Map.of());
    assertEquals(List.of("Secret/weft-compliance-signing", "Secret/weft-license"), kinds(objects));
    Secret secret = Charts.one(objects, Secret.class, "weft-compliance-signing");
    assertEquals(List.of(), UnknownFields.of(secret));
    assertEquals(Charts.NAMESPACE, secret.getMetadata().getNamespace());
    assertEquals("Opaque", secret.getType());
    assertEquals(Map.of("key.pem", pem.text()), secret.getStringData());
    assertEquals(pem.key(), SigningKeys.read(secret.getStringData().get("key.pem")));
  }

  @Test
  void anExistingSecretRendersNothingWithoutTheInventory() {
    Map<String, Object> values =
        Map.of("compliance", Map.of("signingKey", Map.of("existingSecret", "acme-signing")));
    assertEquals(List.of("Secret/weft-license"), kinds(render(values, Map.of())));
  }

  @Test
  void theInventoryMayOnlyGetAndListPodsAndTheirWorkloads() {
    List<HasMetadata> objects = render(Map.of(), Map.of("compliance.inventory.enabled", "true"));
    assertEquals(
        List.of(
            "ClusterRole/weft-compliance-inventory",
            "ClusterRoleBinding/weft-compliance-inventory",
            "Secret/weft-license",
            "ServiceAccount/weft-compliance"),
        kinds(objects),
        "no signing key: no Role for a Secret");
    ServiceAccount account = Charts.one(objects, ServiceAccount.class, "weft-compliance");
    assertEquals(List.of(), UnknownFields.of(account));
    assertEquals(Charts.NAMESPACE, account.getMetadata().getNamespace());

    ClusterRole role = Charts.one(objects, ClusterRole.class, "weft-compliance-inventory");
    assertEquals(List.of(), UnknownFields.of(role));
    assertEquals(2, role.getRules().size(), role.getRules().toString());
    assertRule(role.getRules().get(0), "", List.of("pods"), List.of(), List.of("get", "list"));
    assertRule(
        role.getRules().get(1),
        "apps",
        List.of("deployments", "replicasets"),
        List.of(),
        List.of("get", "list"));
    assertTrue(role.getRules().stream().allMatch(r -> r.getNonResourceURLs().isEmpty()));
    assertEquals(null, role.getAggregationRule());

    ClusterRoleBinding binding =
        Charts.one(objects, ClusterRoleBinding.class, "weft-compliance-inventory");
    assertEquals(List.of(), UnknownFields.of(binding));
    assertEquals("ClusterRole", binding.getRoleRef().getKind());
    assertEquals("weft-compliance-inventory", binding.getRoleRef().getName());
    assertTheAccountOnly(binding.getSubjects());
  }

  @Test
  void withAKeyTheInventoryMayGetThatSecretOnly() {
    List<HasMetadata> objects =
        render(key(SigningKeys.generate().text()), Map.of("compliance.inventory.enabled", "true"));
    assertEquals(
        List.of(
            "ClusterRole/weft-compliance-inventory",
            "ClusterRoleBinding/weft-compliance-inventory",
            "Role/weft-compliance-signing",
            "RoleBinding/weft-compliance-signing",
            "Secret/weft-compliance-signing",
            "Secret/weft-license",
            "ServiceAccount/weft-compliance"),
        kinds(objects));
    assertSecretRole(objects, "weft-compliance-signing");
  }

  @Test
  void withAnExistingSecretTheRoleNamesIt() {
    Map<String, Object> values =
        Map.of(
            "compliance",
            Map.of(
                "signingKey", Map.of("existingSecret", "acme-signing"),
                "inventory", Map.of("enabled", true)));
    List<HasMetadata> objects = render(values, Map.of());
    assertTrue(Charts.find(objects, Secret.class, "weft-compliance-signing").isEmpty());
    assertSecretRole(objects, "acme-signing");
  }

  private static void assertSecretRole(List<HasMetadata> objects, String secret) {
    Role role = Charts.one(objects, Role.class, "weft-compliance-signing");
    assertEquals(List.of(), UnknownFields.of(role));
    assertEquals(Charts.NAMESPACE, role.getMetadata().getNamespace());
    assertEquals(1, role.getRules().size(), role.getRules().toString());
    assertRule(role.getRules().getFirst(), "", List.of("secrets"), List.of(secret), List.of("get"));
    RoleBinding binding = Charts.one(objects, RoleBinding.class, "weft-compliance-signing");
    assertEquals(List.of(), UnknownFields.of(binding));
    assertEquals(Charts.NAMESPACE, binding.getMetadata().getNamespace());
    assertEquals("Role", binding.getRoleRef().getKind());
    assertEquals("weft-compliance-signing", binding.getRoleRef().getName());
    assertTheAccountOnly(binding.getSubjects());
  }

  private static void assertRule(
      PolicyRule rule,
      String group,
      List<String> resources,
      List<String> names,
      List<String> verbs) {
    assertEquals(List.of(group), rule.getApiGroups(), rule.toString());
    assertEquals(resources, rule.getResources(), rule.toString());
    assertEquals(names, rule.getResourceNames(), rule.toString());
    assertEquals(verbs, rule.getVerbs(), rule.toString());
  }

  private static void assertTheAccountOnly(List<Subject> subjects) {
    assertEquals(1, subjects.size(), subjects.toString());
    Subject subject = subjects.getFirst();
    assertEquals("ServiceAccount", subject.getKind());
    assertEquals("weft-compliance", subject.getName());
    assertEquals(Charts.NAMESPACE, subject.getNamespace());
  }

  @Test
  void aKeyAndAnExistingSecretTogetherAreRefusedNamingBoth() {
    Map<String, Object> values =
        Map.of(
            "compliance",
            Map.of(
                "signingKey",
                Map.of("key", SigningKeys.generate().text(), "existingSecret", "acme-signing")));
    String message = refused(values, Map.of()).getMessage();
    assertTrue(
        message.contains("compliance.signingKey.key")
            && message.contains("compliance.signingKey.existingSecret")
            && message.contains("not both"),
        message);
  }

  @Test
  void whatIsNotAPemPrivateKeyBlockIsRefusedNamingTheValueNotEchoingIt() {
    String pem = SigningKeys.generate().text();
    String body = pem.lines().skip(1).findFirst().orElseThrow();
    Map<String, String> bad =
        Map.of(
            "not a key at all",
            "not a PEM private key block",
            SigningKeys.generate().publicText(),
            "not a PEM private key block",
            pem.replace("PRIVATE KEY", "EC PRIVATE KEY"),
            "an SEC1 'EC PRIVATE KEY'",
            pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
            "an encrypted private key",
            pem.replace(body, body.substring(0, 10) + "!" + body.substring(11)),
            "not a PEM private key block",
            pem.replace("-----END PRIVATE KEY-----", ""),
            "not a PEM private key block");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      String message = refused(key(e.getKey()), Map.of()).getMessage();
      assertTrue(message.contains("compliance.signingKey.key: " + e.getValue()), message);
      assertFalse(message.contains(body.substring(20, 40)), "the key is echoed: " + message);
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "compliance.signingKey.key, 12, /compliance/signingKey/key",
    "compliance.signingKey.existingSecret, Bad_Name, /compliance/signingKey/existingSecret",
    "compliance.inventory.enabled, yes, /compliance/inventory/enabled",
    "compliance.inventory.clusterWide, true, /compliance/inventory",
    "compliance.signingkey.key, x, /compliance",
  })
  void theSchemaRefusesABadValueNamingIt(String key, String value, String field) {
    IllegalStateException e = refused(Map.of(), Map.of(key, value));
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void setFileGivesTheKeyAndTheNotesSayHowToUseIt() throws IOException {
    SigningKeys.Pem pem = SigningKeys.generate();
    Path file = Files.writeString(dir.resolve("key.pem"), pem.text());
    Release release =
        new Helm(EnterpriseChartTest.chart())
            .install()
            .withName("weft-enterprise")
            .withNamespace(Charts.NAMESPACE)
            .set("license.key", EnterpriseChartTest.KEY)
            .setFile("compliance.signingKey.key", file)
            .set("compliance.inventory.enabled", "true")
            .dryRun()
            .clientOnly()
            .call();
    String out = release.getOutput();
    // The key file passed the PEM check as --set-file gives it (with its trailing newline).
    assertTrue(
        out.contains("The compliance signing key is in Secret weft-compliance-signing (entry"),
        out);
    assertTrue(out.contains("--key-secret weft/weft-compliance-signing -o bom.sigstore.json"), out);
    assertTrue(out.contains("kubectl create token weft-compliance -n weft"), out);
    assertTrue(out.contains("weft check -n weft (group compliance)"), out);
  }

  @Test
  void lintsStrictlyWithAKeyAndTheInventory() throws IOException {
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
    Values.write(
        copy,
        "values.yaml",
        Map.of(
            "license", Map.of("key", EnterpriseChartTest.KEY),
            "compliance",
                Map.of(
                    "signingKey", Map.of("key", SigningKeys.generate().text()),
                    "inventory", Map.of("enabled", true))));
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }
}

package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weft-enterprise chart: the license as a value or as an existing Secret, nothing else. */
class EnterpriseChartTest {
  // Shaped like a key; the chart checks the shape only (Weft verifies the signature, offline).
  static final String KEY = "weft-lic-v1.eyJpZCI6ImxpYy0xIn0.c2lnbmF0dXJl";

  static Path chart() {
    return Charts.root().resolve("weft-enterprise");
  }

  @Test
  void aKeyValueBecomesTheLicenseSecret() {
    List<HasMetadata> objects =
        Charts.parse(Charts.template(chart(), List.of(), Map.of("license.key", "  " + KEY + "\n")));
    assertEquals(1, objects.size(), objects.toString());
    Secret secret = Charts.one(objects, Secret.class, "weft-license");
    assertEquals(List.of(), UnknownFields.of(secret));
    assertEquals(Charts.NAMESPACE, secret.getMetadata().getNamespace());
    assertEquals(Map.of("license", KEY), secret.getStringData(), "trimmed, under `license`");
  }

  @Test
  void anExistingSecretRendersNothing() {
    String manifests =
        Charts.template(chart(), List.of(), Map.of("license.existingSecret", "acme-license"));
    assertEquals(List.of(), Charts.parse(manifests));
  }

  @Test
  void neitherOrBothIsRefusedWithWhatToDo() {
    IllegalStateException none =
        assertThrows(
            IllegalStateException.class, () -> Charts.template(chart(), List.of(), Map.of()));
    assertTrue(none.getMessage().contains("set license.key"), none.getMessage());
    IllegalStateException both =
        assertThrows(
            IllegalStateException.class,
            () ->
                Charts.template(
                    chart(),
                    List.of(),
                    Map.of("license.key", KEY, "license.existingSecret", "acme-license")));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
  }

  @Test
  void theSchemaRefusesWhatIsNotShapedLikeAKey() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("license.key", "not-a-key"),
            Map.of("license.key", "weft-lic-v1.only-two-parts"),
            Map.of("license.existingSecret", "Bad_Name"),
            Map.of("licence.key", KEY))) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> Charts.template(chart(), List.of(), bad),
              bad.toString());
      assertTrue(
          e.getMessage().contains("/license") || e.getMessage().contains("licence"),
          bad + ": " + e.getMessage());
    }
  }

  @Test
  void lintsStrictlyWithAKey(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("weft-enterprise");
    Files.createDirectories(copy.resolve("templates"));
    try (var files = Files.list(chart())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName().toString()));
      }
    }
    try (var files = Files.list(chart().resolve("templates"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve("templates").resolve(f.getFileName().toString()));
      }
    }
    Files.writeString(copy.resolve("values.yaml"), "license:\n  key: " + KEY + "\n");
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }
}

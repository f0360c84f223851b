package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm lint --strict}: warnings fail too. */
class LintTest {
  @Test
  void crdsChartLintsStrictly() {
    assertLints(Charts.crds());
  }

  /**
   * Lint stops quietly at the chart's {@code fail} for missing identity material, which would leave
   * the rest unchecked: lint a copy whose values.yaml carries an identity.
   */
  @Test
  void weftChartLintsStrictlyWithIdentity(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("weft");
    try (Stream<Path> files = Files.walk(Charts.weft())) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(Charts.weft().relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values =
        Charts.SERIALIZATION.unmarshal(Files.readString(copy.resolve("values.yaml")), Map.class);
    Values.write(copy, "values.yaml", Values.merge(values, Values.Identity.generate().values()));
    assertLints(copy);
  }

  @Test
  void lintCatchesABrokenTemplate(@TempDir Path dir) throws IOException {
    Path chart = dir.resolve("broken");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(chart.resolve("values.yaml"), "a: 1\n");
    Files.writeString(
        chart.resolve("templates/cm.yaml"), "kind: ConfigMap\nx: {{ .Values.missing.key }}\n");
    assertTrue(new Helm(chart).lint().strict().call().isFailed());
  }

  private static void assertLints(Path chart) {
    LintResult result = new Helm(chart).lint().strict().call();
    assertFalse(result.isFailed(), chart + ": " + String.join("\n", result.getMessages()));
  }
}

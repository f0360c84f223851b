package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The charts' version and appVersion follow the project's (the root pom's). */
class ChartVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"weft", "weft-crds", "weft-enterprise"})
  void chartVersionsAreTheProjectVersion(String chart) throws Exception {
    String project = System.getProperty("weft.version");
    assertNotNull(project, "the build sets weft.version");
    Map<?, ?> yaml =
        Charts.SERIALIZATION.unmarshal(
            Files.readString(Charts.root().resolve(chart).resolve("Chart.yaml")), Map.class);
    String hint = " in helm/" + chart + "/Chart.yaml: set it to the root pom's version " + project;
    assertEquals(project, yaml.get("version"), "version" + hint);
    assertEquals(project, yaml.get("appVersion"), "appVersion" + hint);
  }
}

package dev.weft.cli.inject;

import static dev.weft.cli.CliRun.withStdin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `weft uninject`: undoes inject exactly, and strips a manual injection. */
class UninjectCommandTest {
  @Test
  void injectThenUninjectGivesBackTheOriginal() throws Exception {
    for (String file : List.of("workloads.yaml", "list.yaml")) {
      String original = Yaml.text(file);
      CliRun injected =
          withStdin(original, "inject", "--opaque-ports=5432", "--proxy-log-level=warn", "-");
      assertEquals(0, injected.code(), injected.toString());
      CliRun back = withStdin(injected.out(), "uninject", "-");
      assertEquals(0, back.code(), back.toString());
      assertEquals(Yaml.docs(original), Yaml.docs(back.out()), file);
    }
  }

  @Test
  void removesAManualInjection() throws Exception {
    CliRun run = withStdin(Yaml.text("manual.yaml"), "uninject");
    assertEquals(0, run.code(), run.toString());
    assertEquals("deployment \"books\" uninjected\n", run.err());
    JsonNode template = Yaml.docs(run.out()).get(0).path("spec").path("template");
    JsonNode annotations = Yaml.annotations(template);
    assertEquals(List.of("team"), iterable(annotations.fieldNames()));
    JsonNode spec = template.path("spec");
    assertTrue(spec.path("initContainers").isMissingNode(), spec.toString());
    assertEquals(1, spec.path("containers").size());
    assertEquals("books", spec.path("containers").get(0).path("name").asText());
    assertEquals(1, spec.path("volumes").size());
    assertEquals("data", spec.path("volumes").get(0).path("name").asText());
    assertEquals(
        "data", spec.path("containers").get(0).path("volumeMounts").get(0).path("name").asText());
  }

  @Test
  void leavesUninjectedWorkloadsAlone() throws Exception {
    String original = Yaml.text("list.yaml");
    CliRun run = withStdin(original, "uninject");
    assertEquals(0, run.code(), run.toString());
    assertEquals(
        List.of(
            "daemonset \"logs\" skipped: not injected",
            "replicaset \"web-1\" skipped: not injected",
            "service \"web\" skipped (not a workload)"),
        run.err().lines().toList());
    assertEquals(Yaml.docs(original), Yaml.docs(run.out()));
    assertFalse(run.out().contains("weft.dev"));
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> all = new java.util.ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }
}

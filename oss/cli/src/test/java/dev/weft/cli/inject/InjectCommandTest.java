package dev.weft.cli.inject;

import static dev.weft.cli.CliRun.weft;
import static dev.weft.cli.CliRun.withStdin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft inject`: which objects get the annotation, in which shape, from which inputs. */
class InjectCommandTest {
  @TempDir Path dir;

  @Test
  void annotatesEveryWorkloadKindAndKeepsTheRestInOrder() throws Exception {
    CliRun run = weft("inject", "-f", Yaml.resource("workloads.yaml").toString());
    assertEquals(0, run.code(), run.toString());
    assertEquals(
        List.of(
            "deployment \"books\" injected",
            "service \"books\" skipped (not a workload)",
            "statefulset \"authors\" injected",
            "job \"migrate\" injected",
            "cronjob \"report\" injected",
            "pod \"debug\" injected",
            "pod \"node-agent\" skipped: hostNetwork",
            "configmap \"settings\" skipped (not a workload)"),
        run.err().lines().toList());
    List<JsonNode> in = Yaml.docs(Yaml.text("workloads.yaml"));
    List<JsonNode> out = Yaml.docs(run.out());
    assertEquals(in.size(), out.size());
    JsonNode books = out.get(0).path("spec").path("template");
    assertEquals("enabled", Yaml.annotations(books).path("weft.dev/inject").asText());
    // A numeric-looking string stays a string, or the API server would reject the object.
    assertTrue(Yaml.annotations(books).path("prometheus.io/port").isTextual());
    assertTrue(run.out().contains("prometheus.io/port: \"8080\""), run.out());
    JsonNode cron = out.get(4).path("spec").path("jobTemplate").path("spec").path("template");
    assertEquals("enabled", Yaml.annotations(cron).path("weft.dev/inject").asText());
    assertEquals("enabled", Yaml.annotations(out.get(5)).path("weft.dev/inject").asText());
    // Untouched documents come back as they were: Service, host-network Pod, ConfigMap.
    assertEquals(in.get(1), out.get(1));
    assertEquals(in.get(6), out.get(6));
    assertEquals(in.get(7), out.get(7));
  }

  @Test
  void readsAListFromStdin() throws Exception {
    CliRun run = withStdin(Yaml.text("list.yaml"), "inject", "-");
    assertEquals(0, run.code(), run.toString());
    assertEquals(
        List.of(
            "daemonset \"logs\" injected",
            "replicaset \"web-1\" injected",
            "service \"web\" skipped (not a workload)"),
        run.err().lines().toList());
    JsonNode list = Yaml.docs(run.out()).get(0);
    assertEquals("List", list.path("kind").asText());
    JsonNode template = list.path("items").get(1).path("spec").path("template");
    assertEquals("enabled", Yaml.annotations(template).path("weft.dev/inject").asText());
  }

  @Test
  void readsADirectoryInNameOrder() throws Exception {
    Files.copy(Yaml.resource("list.yaml"), dir.resolve("b.yml"));
    Files.copy(Yaml.resource("manual.yaml"), dir.resolve("a.yaml"));
    Files.writeString(dir.resolve("notes.txt"), "not a manifest: {{");
    CliRun run = weft("inject", "-f", dir.toString());
    assertEquals(0, run.code(), run.toString());
    assertEquals(
        "deployment \"books\" skipped: already injected (it has a weft-proxy container)",
        run.err().lines().findFirst().orElseThrow());
    assertEquals(2, Yaml.docs(run.out()).size());
  }

  @Test
  void overridesBecomeConfigAnnotations() throws Exception {
    CliRun run =
        withStdin(
            Yaml.text("list.yaml"),
            "inject",
            "--opaque-ports=3306,9000-9100",
            "--skip-outbound-ports=25",
            "--proxy-log-level=debug",
            "--sidecar-mode=classic",
            "--proxy-memory-limit=256Mi");
    assertEquals(0, run.code(), run.toString());
    JsonNode a =
        Yaml.annotations(
            Yaml.docs(run.out()).get(0).path("items").get(0).path("spec").path("template"));
    assertEquals("3306,9000-9100", a.path("config.weft.dev/opaque-ports").asText());
    assertEquals("25", a.path("config.weft.dev/skip-outbound-ports").asText());
    assertTrue(a.path("config.weft.dev/skip-outbound-ports").isTextual());
    assertEquals("debug", a.path("config.weft.dev/proxy-log-level").asText());
    assertEquals("classic", a.path("config.weft.dev/sidecar-mode").asText());
    assertEquals("256Mi", a.path("config.weft.dev/proxy-memory-limit").asText());
  }

  @Test
  void aBadOverrideIsAUsageError() {
    CliRun run = withStdin("", "inject", "--opaque-ports=3306,70000");
    assertEquals(2, run.code(), run.toString());
    assertEquals(
        "weft: --opaque-ports=3306,70000: invalid (expected: ports 1..65535, ranges low-high):"
            + " see 'weft inject --help'\n",
        run.err());
    assertEquals(2, withStdin("", "inject", "--sidecar-mode=sometimes").code());
  }

  @Test
  void unparseableInputIsExit4NamingFileAndLine() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n  labels: {\n");
    CliRun run = weft("inject", "-f", Yaml.resource("list.yaml").toString(), "-f", bad.toString());
    assertEquals(4, run.code(), run.toString());
    assertEquals("", run.out(), "nothing is written when any input is bad");
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("weft: " + bad + ": line "), run.err());
    assertTrue(run.err().contains(": cannot parse YAML ("), run.err());

    CliRun scalar = withStdin("just some words\n", "inject");
    assertEquals(4, scalar.code(), scalar.toString());
    assertTrue(
        scalar.err().startsWith("weft: <stdin>: document 1 is not a Kubernetes object"),
        scalar.err());
  }

  @Test
  void aMissingFileIsAUsageError() {
    CliRun run = weft("inject", "-f", dir.resolve("nope.yaml").toString());
    assertEquals(2, run.code(), run.toString());
    assertTrue(run.err().contains("nope.yaml: no such file or directory"), run.err());
  }
}

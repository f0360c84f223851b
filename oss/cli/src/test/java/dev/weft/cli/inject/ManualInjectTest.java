package dev.weft.cli.inject;

import static dev.weft.cli.CliRun.weft;
import static dev.weft.cli.CliRun.withStdin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft inject --manual`: the injector's own pod, offline, and uninject taking it back out. */
class ManualInjectTest {
  @Test
  void addsTheProxyAsTheInjectorWould() throws Exception {
    CliRun run = withStdin(Yaml.text("workloads.yaml"), "inject", "--manual", "-");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.err().contains("deployment \"books\" injected (manual)"), run.err());
    assertTrue(run.err().contains("service \"books\" skipped (not a workload)"), run.err());

    JsonNode books = Yaml.docs(run.out()).get(0).path("spec").path("template");
    JsonNode spec = books.path("spec");
    assertEquals(List.of("weft-init", "weft-proxy"), names(spec.path("initContainers")));
    assertEquals("Always", spec.path("initContainers").get(1).path("restartPolicy").asText());
    assertEquals(List.of("books"), names(spec.path("containers")));
    // The Deployment says namespace demo and names no service account.
    assertEquals(
        "default.demo.serviceaccount.identity.weft.cluster.local",
        Yaml.annotations(books).path("weft.dev/identity").asText());
    assertEquals(
        "default.demo.serviceaccount.identity.weft.cluster.local",
        env(spec.path("initContainers").get(1), "WEFT_PROXY_IDENTITY_NAME"));
    JsonNode env = spec.path("initContainers").get(1).path("env");
    JsonNode last = env.get(env.size() - 1);
    assertEquals("WEFT_PROXY_ZONE", last.path("name").asText(), "the zone last, no other variable");
    assertEquals(
        "metadata.labels['topology.kubernetes.io/zone']",
        last.at("/valueFrom/fieldRef/fieldPath").asText(),
        "the zone Kubernetes copies from the node");
    JsonNode instance = env.get(env.size() - 2);
    assertEquals("WEFT_PROXY_INSTANCE", instance.path("name").asText());
    assertEquals(
        "metadata.name",
        instance.at("/valueFrom/fieldRef/fieldPath").asText(),
        "the pod's name, unknown to a manifest whose pods get generated names");
  }

  @Test
  void overridesAndAConfigFileShapeTheProxy(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxy.json");
    Files.writeString(config, "{\"proxyImage\": \"registry.example/weft-proxy:9\"}");
    CliRun run =
        withStdin(
            Yaml.text("workloads.yaml"),
            "inject",
            "--manual",
            "--proxy-config=" + config,
            "--sidecar-mode=classic",
            "--proxy-log-level=debug",
            "-");
    assertEquals(0, run.code(), run.toString());
    JsonNode spec = Yaml.docs(run.out()).get(0).path("spec").path("template").path("spec");
    JsonNode proxy = spec.path("containers").get(0);
    assertEquals("weft-proxy", proxy.path("name").asText());
    assertEquals("registry.example/weft-proxy:9", proxy.path("image").asText());
    assertEquals("debug", env(proxy, "WEFT_PROXY_LOG_LEVEL"));
  }

  @Test
  void uninjectTakesAManualInjectionBackOut() throws Exception {
    String original = Yaml.text("workloads.yaml");
    CliRun injected = withStdin(original, "inject", "--manual", "-");
    assertEquals(0, injected.code(), injected.toString());
    CliRun back = withStdin(injected.out(), "uninject", "-");
    assertEquals(0, back.code(), back.toString());
    assertEquals(Yaml.docs(original), Yaml.docs(back.out()));
  }

  @Test
  void aBadConfigFileIsRefusedWithItsKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxy.json");
    Files.writeString(config, "{\"inboundPort\": \"many\"}");
    CliRun run =
        withStdin(Yaml.text("workloads.yaml"), "inject", "--manual", "--proxy-config=" + config);
    assertEquals(4, run.code(), run.toString());
    assertTrue(run.err().contains("inboundPort"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aConfigFileWithoutManualIsAUsageError() {
    CliRun run = weft("inject", "--proxy-config=proxy.json", "x.yaml");
    assertEquals(2, run.code(), run.toString());
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e.path("value").asText();
      }
    }
    return null;
  }
}

package dev.weft.cli.check;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft check` with a plugin's group of checks (ScriptedChecks) on a healthy install. */
class PluginCheckTest {
  @TempDir Path dir;
  private CheckCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = CheckCluster.start(dir, "31");
    cluster.install(Duration.ofDays(365));
  }

  @AfterEach
  void stop() {
    System.clearProperty(ScriptedChecks.PROPERTY);
    cluster.close();
  }

  private CliRun check(String steps, String... more) {
    System.setProperty(ScriptedChecks.PROPERTY, steps);
    String[] args = new String[more.length + 3];
    args[0] = "check";
    args[1] = "--kubeconfig";
    args[2] = cluster.kubeconfig.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return weft(args);
  }

  @Test
  void passAndWarnArePrintedAfterTheBuiltInGroupsAndSucceed() {
    CliRun run = check("pass,warn");
    assertEquals(0, run.code(), run.toString());
    String out = run.out();
    assertTrue(out.indexOf("scripted\n--------\n") > out.indexOf("data-plane\n"), run.toString());
    assertTrue(out.contains("√ namespace is weft\n"), run.toString());
    assertTrue(
        out.contains(
            "! kubeconfig is given\n    kubeconfig " + cluster.kubeconfig + ", context null\n"),
        run.toString());
    assertTrue(out.endsWith("(0 failed, 1 warnings)\n"), run.toString());
  }

  @Test
  void aFailedPluginCheckFailsTheCommand() {
    CliRun run = check("pass,fail", "-n", "weft");
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out().contains("× the plugin's check holds\n    fix the plugin\n"), run.toString());
    assertTrue(run.out().endsWith("(1 failed, 0 warnings)\n"), run.toString());
  }

  @Test
  void aThrowingPluginIsOneFailedLineWithItsMessage() {
    CliRun run = check("pass,throw");
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "scripted\n--------\n× the scripted checks ran\n    "
                    + ScriptedChecks.class.getName()
                    + " failed: plugin state is broken\n\n"),
        run.toString());
    // The built-in groups are still reported in full.
    assertTrue(run.out().contains("√ meshed pods run proxy 0.2.0 (2 pods)"), run.toString());
  }

  @Test
  void jsonCarriesThePluginGroup() throws Exception {
    CliRun run = check("pass,warn,fail", "-o", "json");
    assertEquals(1, run.code(), run.toString());
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertFalse(root.get("success").asBoolean(), run.toString());
    JsonNode last = root.get("categories").get(root.get("categories").size() - 1);
    assertEquals("scripted", last.get("categoryName").asText());
    assertEquals("success", last.get("checks").get(0).get("result").asText());
    assertEquals("warning", last.get("checks").get(1).get("result").asText());
    assertEquals("error", last.get("checks").get(2).get("result").asText());
    assertEquals("fix the plugin", last.get("checks").get(2).get("hint").asText());
  }

  @Test
  void anUnavailablePluginAddsNoGroup() {
    CliRun run = weft("check", "--kubeconfig", cluster.kubeconfig.toString());
    assertEquals(0, run.code(), run.toString());
    assertFalse(run.out().contains("scripted"), run.toString());
  }
}

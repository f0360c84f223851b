package dev.weft.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.Weft;
import dev.weft.testkit.JavaMain;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `weft inject -` as a real process, stdin to stdout as in a pipe ({@code kubectl get -o yaml |
 * weft inject - | kubectl apply -f -}): the JVM's own streams, not a test's writers.
 */
class InjectProcessTest {
  @Test
  void pipesStdinToStdout() throws Exception {
    Process p = new ProcessBuilder(JavaMain.command(Weft.class, "inject", "-")).start();
    try (var in = p.getOutputStream()) {
      in.write(Yaml.text("list.yaml").getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "weft inject did not exit");
    assertEquals(0, p.exitValue(), err);
    assertTrue(err.contains("daemonset \"logs\" injected\n"), err);
    JsonNode list = Yaml.docs(out).get(0);
    assertEquals(
        "enabled",
        Yaml.annotations(list.path("items").get(0).path("spec").path("template"))
            .path("weft.dev/inject")
            .asText());
  }
}

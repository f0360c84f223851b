package dev.weft.cli.completion;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft completion`: a script bash accepts, that completes the commands that exist. */
class CompletionCommandTest {
  @TempDir Path dir;

  @Test
  void bashSourcesTheScriptAndCompletesSubcommands() throws Exception {
    CliRun run = weft("completion", "bash");
    assertEquals(0, run.code(), run.toString());
    Path script = dir.resolve("weft-completion.bash");
    Files.writeString(script, run.out());
    // Complete "weft inj" as bash would on Tab, with the script sourced.
    String probe =
        "source "
            + script
            + "\n"
            + "COMP_WORDS=(weft inj); COMP_CWORD=1; COMP_LINE='weft inj'; COMP_POINT=8\n"
            + "_complete_weft weft inj weft\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, bash.exitValue(), out);
    assertEquals("inject", out.strip(), out);
  }

  @Test
  void zshGetsTheSameScriptAndOtherShellsAreAUsageError() {
    CliRun zsh = weft("completion", "zsh");
    assertEquals(0, zsh.code(), zsh.toString());
    assertTrue(zsh.out().contains("bashcompinit"), "zsh runs it through bashcompinit");
    CliRun fish = weft("completion", "fish");
    assertEquals(2, fish.code(), fish.toString());
    assertEquals(
        "weft: unsupported shell 'fish' (expected: bash or zsh): see 'weft completion --help'\n",
        fish.err());
  }
}

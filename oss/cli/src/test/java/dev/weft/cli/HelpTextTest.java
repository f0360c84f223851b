package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.JavaMain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders as written. Picocli passes descriptions through {@link
 * String#format}: a bare {@code %} ("30% 503") makes it warn on stderr and show the text raw, so a
 * literal percent sign must be written {@code %%}. Picocli's warnings go to the stderr it saw when
 * it was loaded, so the help is rendered in a process of its own.
 */
class HelpTextTest {
  /** Prints the help of every command in the tree, the way {@code weft ... --help} does. */
  public static void main(String[] args) {
    render(Weft.commandLine());
  }

  private static void render(CommandLine cli) {
    System.out.println("== " + cli.getCommandSpec().qualifiedName());
    System.out.print(cli.getUsageMessage());
    cli.getSubcommands().values().forEach(HelpTextTest::render);
  }

  @Test
  void everyCommandsHelpRendersWithoutWarnings() throws Exception {
    Process p = new ProcessBuilder(JavaMain.command(HelpTextTest.class)).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "help still rendering");
    // (The test class path also holds plugins that are refused on purpose; they log that.)
    String warnings =
        err.get().lines().filter(l -> l.startsWith("[picocli WARN]")).reduce("", (a, b) -> a + b);
    assertEquals("", warnings, "picocli's warnings while rendering every command's help");
    assertEquals(0, p.exitValue());
    assertTrue(out.contains("== weft up\n"), out);
    assertTrue(out.replaceAll("\\s+", " ").contains("failing (30% 503)."), out);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}

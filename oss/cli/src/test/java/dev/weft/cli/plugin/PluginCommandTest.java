package dev.weft.cli.plugin;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.CliRun;
import dev.weft.cli.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Commands that plugins add to {@code weft}, found through this module's test {@code
 * META-INF/services} and run in-process as {@code bin/weft} runs them.
 */
class PluginCommandTest {
  @Test
  void helpListsPluginCommandsWithTheirDescriptionAndUnavailableOnesWithTheReason() {
    CliRun run = weft("--help");
    assertEquals(0, run.code(), run.toString());
    // Picocli wraps long lines: compare with whitespace runs as one space.
    String help = run.out().replaceAll("\\s+", " ");
    assertTrue(help.contains(" echo-args Print the arguments it is given "), run.out());
    assertTrue(
        help.contains(
            " locked Show what the license entitles (unavailable: license missing: no"
                + " WEFT_LICENSE) "),
        run.out());
    // Built-in commands are still there, and a plugin cannot take one's place.
    assertTrue(help.contains(" check Check that weft is installed"), run.out());
    assertFalse(help.contains("A replacement check from a plugin"), run.out());
  }

  @Test
  void argumentsArePassedThroughExactlyAsTyped() {
    CliRun run = weft("echo-args", "show", "--help", "-h", "--", "", "@no-such-file", "ü");
    assertEquals(0, run.code(), run.toString());
    assertEquals("[show]\n[--help]\n[-h]\n[--]\n[]\n[@no-such-file]\n[ü]\n", run.out());
    assertEquals("echoed 7 — done\n", run.err());
  }

  @Test
  void aLeadingDoubleDashAndNoArgumentsReachThePlugin() {
    assertEquals("[--]\n[x]\n", weft("echo-args", "--", "x").out());
    CliRun none = weft("echo-args");
    assertEquals("", none.out(), none.toString());
    assertEquals("echoed 0 — done\n", none.err());
  }

  @Test
  void thePluginsExitCodeIsWeftsAndItReadsStdinAndTheEnvironment() {
    assertEquals(4, weft("echo-args", "exit", "4").code());
    assertEquals(0, weft("echo-args", "exit", "0").code());
    assertEquals("piped\ninput", CliRun.withStdin("piped\ninput", "echo-args", "cat").out());
    assertEquals(System.getenv("PATH") + "\n", weft("echo-args", "env", "PATH").out());
  }

  @Test
  void anUnavailableCommandSaysWhyAndExits1WithoutRunning() {
    CliRun run = weft("locked", "show");
    assertEquals(1, run.code(), run.toString());
    assertEquals("", run.out());
    assertTrue(
        run.err()
            .startsWith(
                "weft: locked is not available: license missing: no WEFT_LICENSE: fix that and run"
                    + " it again (the command comes from "),
        run.err());
    assertTrue(run.err().contains(LockedCommand.class.getName()), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  @Test
  void aThrowingCommandIsOneLineAndExit1() {
    CliRun run = weft("boom", "x");
    assertEquals(1, run.code(), run.toString());
    assertEquals("partial output", run.out());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("weft: kaboom second line: "), run.err());
    assertTrue(run.err().contains("'weft boom'"), run.err());
  }

  @Test
  void theAvailableProviderWithTheHighestPriorityServesAName() {
    // greet: "low" (0) and "high" (10) available, "locked" (100) not: "high" serves.
    CliRun run = weft("greet");
    assertEquals(0, run.code(), run.toString());
    assertEquals("high\n", run.out());
    assertTrue(run.out().lines().noneMatch(l -> l.contains("unavailable")), run.out());
    assertTrue(weft("--help").out().replaceAll("\\s+", " ").contains(" greet Greet (high) "));
  }

  @Test
  void aPluginNamedLikeABuiltInCommandIsRefusedWithALogLine() {
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getLogger(CliCommandRegistry.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r.getLevel() + " " + r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      Weft.commandLine();
    } finally {
      log.removeHandler(capture);
    }
    assertEquals(
        List.of(
            "WARNING plugin command 'check' of "
                + ClashingCheckCommand.class.getName()
                + " refused: 'weft check' is a built-in command"),
        logged);

    CliRun run = weft("check", "--help");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("--pre"), run.out());
    assertFalse(run.out().contains("plugin check ran"), run.out());
  }
}

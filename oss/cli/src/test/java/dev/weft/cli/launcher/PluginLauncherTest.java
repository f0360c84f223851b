package dev.weft.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code weft} with a plugin on {@code WEFT_EXTRA_CLASSPATH}: this module's test
 * classes, which register the test commands of {@code dev.weft.cli.plugin}.
 */
@Tag("mesh")
class PluginLauncherTest {
  private final Path root = Path.of(System.getProperty("weft.root"));
  private final Path weft = root.resolve("bin/weft");
  private final String plugins = root.resolve("oss/cli/target/test-classes").toString();

  @Test
  void pluginCommandsAppearOnlyWithThePluginOnTheClassPath() throws Exception {
    Map<String, String> env = Map.of("WEFT_NO_BUILD", "1", "WEFT_EXTRA_CLASSPATH", plugins);
    Launcher help = Launcher.run(weft, env, "--help");
    assertEquals(0, help.code(), help.toString());
    String listed = help.out().replaceAll("\\s+", " ");
    assertTrue(listed.contains(" echo-args Print the arguments it is given "), help.out());
    assertTrue(listed.contains("(unavailable: license missing: no WEFT_LICENSE)"), help.out());

    Launcher echo = Launcher.run(weft, env, "echo-args", "--", "a b");
    assertEquals(0, echo.code(), echo.toString());
    assertEquals("[--]\n[a b]\n", echo.out());

    Launcher locked = Launcher.run(weft, env, "locked");
    assertEquals(1, locked.code(), locked.toString());
    assertTrue(
        locked.err().lines().anyMatch(l -> l.startsWith("weft: locked is not available: ")),
        locked.err());
    // The refused plugin (it is named "check") is one line too, in weft's own form.
    assertTrue(locked.err().startsWith("weft: WARNING: plugin command 'check' of "), locked.err());
    assertEquals(2, locked.err().lines().count(), locked.err());

    Launcher without = Launcher.run(weft, Map.of("WEFT_NO_BUILD", "1"), "--help");
    assertEquals(0, without.code(), without.toString());
    assertTrue(!without.out().contains("echo-args"), without.out());
  }
}

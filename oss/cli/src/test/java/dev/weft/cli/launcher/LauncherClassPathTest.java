package dev.weft.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code bin/weft} and {@code bin/weft-proxy} put plugin jars on the class path, seen through
 * {@code --print-command}: the launchers are copied into a checkout of their own, with placeholder
 * jars, so nothing is built.
 */
class LauncherClassPathTest {
  @TempDir Path dir;
  private Path weft;
  private Path proxy;
  private String cliJar;
  private String proxyJar;

  @BeforeEach
  void checkout() throws IOException {
    Path root = Path.of(System.getProperty("weft.root"));
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Files.createDirectories(checkout.resolve("bin"));
    weft = Files.copy(root.resolve("bin/weft"), checkout.resolve("bin/weft"));
    proxy = Files.copy(root.resolve("bin/weft-proxy"), checkout.resolve("bin/weft-proxy"));
    cliJar = placeholder(checkout.resolve("oss/cli/target/weft-cli.jar"));
    proxyJar = placeholder(checkout.resolve("oss/proxy/target/weft-proxy.jar"));
  }

  @Test
  void withoutPluginsBothRunTheirJarAlone() throws Exception {
    Launcher cli = Launcher.run(weft, Map.of(), "--print-command", "version");
    assertEquals(0, cli.code(), cli.toString());
    assertTrue(cli.out().endsWith(" -jar " + cliJar + " version\n"), cli.out());
    Launcher unset = Launcher.run(proxy, Map.of(), "--print-command", "--x");
    assertTrue(unset.out().endsWith(" -jar " + proxyJar + " --x\n"), unset.out());
    // The proxy's footprint: an empty variable, or an enterprise directory without jars, adds
    // nothing at all.
    Path home = Files.createDirectories(dir.resolve("home/lib/enterprise")).getParent().getParent();
    Launcher empty =
        Launcher.run(
            proxy,
            Map.of("WEFT_EXTRA_CLASSPATH", "", "WEFT_HOME", home.toString()),
            "--print-command",
            "--x");
    assertEquals(unset, empty);
  }

  @Test
  void extraClasspathEntriesFollowTheJar() throws Exception {
    String a = placeholder(dir.resolve("plugins/weft-licensing.jar"));
    String b = placeholder(dir.resolve("plugins/weft-hazl.jar"));
    Map<String, String> env = Map.of("WEFT_EXTRA_CLASSPATH", a + ":" + b);

    Launcher cli = Launcher.run(weft, env, "--print-command", "license", "show");
    assertEquals(0, cli.code(), cli.toString());
    assertTrue(
        cli.out()
            .endsWith(" -cp " + cliJar + ":" + a + ":" + b + " dev.weft.cli.Weft license show\n"),
        cli.out());

    Launcher p = Launcher.run(proxy, env, "--print-command", "--x");
    assertTrue(
        p.out()
            .endsWith(" -cp " + proxyJar + ":" + a + ":" + b + " dev.weft.proxy.ProxyMain --x\n"),
        p.out());
    // With the control-plane libraries too, the plugins come last.
    Launcher meshed = Launcher.run(proxy, env, "--print-command", "--identity-name=a");
    String controlPlane = Path.of(proxyJar).resolveSibling("lib/control-plane") + "/\\*";
    assertTrue(
        meshed.out().contains(" -cp " + proxyJar + ":" + controlPlane + ":" + a + ":" + b + " "),
        meshed.out());
  }

  @Test
  void theEnterpriseDirectoryOfWeftHomeIsUsedWhenItHoldsJars() throws Exception {
    Path home = dir.resolve("home");
    placeholder(home.resolve("lib/enterprise/weft-licensing.jar"));
    Map<String, String> env = Map.of("WEFT_HOME", home.toString());
    String enterprise = home.resolve("lib/enterprise") + "/\\*";

    Launcher cli = Launcher.run(weft, env, "--print-command", "--help");
    assertTrue(
        cli.out().endsWith(" -cp " + cliJar + ":" + enterprise + " dev.weft.cli.Weft --help\n"),
        cli.out());
    Launcher p = Launcher.run(proxy, env, "--print-command");
    assertTrue(
        p.out().endsWith(" -cp " + proxyJar + ":" + enterprise + " dev.weft.proxy.ProxyMain\n"),
        p.out());
  }

  @Test
  void aMissingExtraEntryIsAnErrorNamingIt() throws Exception {
    String missing = dir.resolve("nowhere/weft-hazl.jar").toString();
    for (Path script : new Path[] {weft, proxy}) {
      Launcher run =
          Launcher.run(script, Map.of("WEFT_EXTRA_CLASSPATH", missing), "--print-command");
      assertEquals(1, run.code(), run.toString());
      assertTrue(
          run.err().endsWith(": WEFT_EXTRA_CLASSPATH: no such file: " + missing + "\n"), run.err());
    }
    String missingDir = dir.resolve("nowhere") + "/*";
    Launcher run =
        Launcher.run(weft, Map.of("WEFT_EXTRA_CLASSPATH", missingDir), "--print-command");
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("no such directory: " + dir.resolve("nowhere")), run.err());
  }

  private static String placeholder(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    return Files.write(jar, new byte[0]).toString();
  }
}

package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.JavaMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft up with zones as a real process over stand-ins: the zone replicas start, each proxy gets its
 * zone, and the enterprise class path and license in weft up's environment reach every proxy as
 * they are (the HAZL demo depends on it).
 */
class UpEnvironmentTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Map<String, String> ENTERPRISE =
      Map.of(
          "WEFT_EXTRA_CLASSPATH",
              "enterprise/hazl/target/weft-hazl.jar:enterprise/hazl/target/lib/*",
          "WEFT_LICENSE_FILE", "/tmp/test-license.txt",
          "WEFT_LICENSE_EXTRA_PUBLIC_KEY", "weft-test=MCowBQYDK2VwAyEA");

  @TempDir Path dir;

  @Test
  void zoneProxiesGetTheirZoneAndWeftUpsEnterpriseEnvironment() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    int base = Ports.freeBase(DemoTopology.zones(2).span());
    ProcessBuilder builder =
        new ProcessBuilder(
                JavaMain.command(
                    FakeUpMain.class,
                    fake.root().toString(),
                    dir.resolve("state").toString(),
                    Integer.toString(base),
                    "2"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("up.log").toFile());
    builder.environment().putAll(ENTERPRISE);
    Process up = builder.start();
    try {
      Await.until(BOUND, () -> read("up.log").contains("Press Ctrl-C"), () -> read("up.log"));
      assertTrue(
          read("up.log")
              .contains(
                  "weft up: starting web, books (4 replicas, 2 in each of zone-a, zone-b:"
                      + " books-a-0, books-a-1, books-b-0, books-b-1), authors and a proxy for"
                      + " each"),
          read("up.log"));
      Await.until(BOUND, () -> fake.running().size() == 14, () -> "running: " + fake.running());
      assertEquals(
          List.of("books-a-0", "books-a-1", "books-b-0", "books-b-1"),
          fake.running().stream().filter(n -> n.matches("books-.-\\d")).toList());

      for (String proxy : List.of("web-proxy", "books-b-1-proxy", "authors-proxy")) {
        String log = read("state/logs/" + proxy + ".log");
        for (var e : ENTERPRISE.entrySet()) {
          assertTrue(
              log.contains("fake proxy env " + e.getKey() + "=" + e.getValue() + "\n"),
              proxy + ":\n" + log);
        }
      }
      assertTrue(read("state/logs/web-proxy.log").contains(" --zone zone-a\n"));
      assertTrue(read("state/logs/books-b-1-proxy.log").contains(" --zone zone-b\n"));
      assertTrue(!read("state/logs/authors-proxy.log").contains("--zone"));
      assertTrue(
          read("state/control-plane/registry.conf").contains(" zone=zone-b label.pod=books-b-1\n"));
    } finally {
      new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
      up.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
      up.destroyForcibly();
    }
    Await.until(BOUND, () -> fake.running().isEmpty(), () -> "running: " + fake.running());
  }

  private String read(String file) {
    try {
      return Files.readString(dir.resolve(file));
    } catch (Exception e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}

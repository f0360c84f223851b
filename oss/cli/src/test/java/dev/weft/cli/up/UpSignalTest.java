package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.JavaMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft up as a real process over stand-ins: Ctrl-C (SIGINT) stops every process it started; a
 * SIGKILL leaves the demo services to their watchdog and the rest to the next weft up.
 */
class UpSignalTest {
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Process up(FakeInstallation fake, int base) throws Exception {
    return new ProcessBuilder(
            JavaMain.command(
                FakeUpMain.class,
                fake.root().toString(),
                dir.resolve("state").toString(),
                Integer.toString(base)))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("up.log").toFile())
        .start();
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("up.log"));
  }

  @Test
  void sigintStopsEveryProcess() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    Process up = up(fake, Ports.freeBase());
    try {
      Await.until(BOUND, () -> log().contains("Press Ctrl-C"), this::logUnchecked);
      Await.until(BOUND, () -> fake.running().size() == 12, () -> "running: " + fake.running());

      new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();

      assertTrue(up.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), logUnchecked());
      assertEquals(List.of(), fake.running());
      assertTrue(log().endsWith("weft up: stopping 12 processes\nweft up: stopped\n"), log());
    } finally {
      up.destroyForcibly();
    }
  }

  @Test
  void afterSigkillTheServicesEndAndTheNextRunStopsTheRest() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    int base = Ports.freeBase();
    Process up = up(fake, base);
    Await.until(BOUND, () -> log().contains("Press Ctrl-C"), this::logUnchecked);
    Await.until(BOUND, () -> fake.running().size() == 12, () -> "running: " + fake.running());
    long proxy = fake.pid("books-1-proxy");

    up.destroyForcibly();
    up.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);

    // The stand-in services have no watchdog; proxies and control plane never do: all remain.
    assertTrue(ProcessHandle.of(proxy).map(ProcessHandle::isAlive).orElse(false));
    Files.delete(dir.resolve("up.log"));
    Process next = up(fake, base);
    try {
      Await.until(BOUND, () -> log().contains("Press Ctrl-C"), this::logUnchecked);
      assertTrue(
          log().contains("weft up: stopping books-1-proxy (pid " + proxy + "), left running by"),
          log());
      assertTrue(ProcessHandle.of(proxy).isEmpty() || !ProcessHandle.of(proxy).get().isAlive());
    } finally {
      next.destroy();
      next.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
      next.destroyForcibly();
    }
    Await.until(BOUND, () -> fake.running().isEmpty(), () -> "running: " + fake.running());
  }

  private String logUnchecked() {
    try {
      return log();
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }
}

package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole start-up, watch and stop sequence over stand-in programs (real processes): tokens,
 * readiness, the printed lines, and every process gone at the end, or at the first failure.
 */
class LocalMeshTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final LocalMesh.Timeouts TIMEOUTS =
      new LocalMesh.Timeouts(BOUND, BOUND, Duration.ofSeconds(10));
  private static final List<String> ALL =
      List.of(
          "authors",
          "authors-proxy",
          "books-0",
          "books-0-proxy",
          "books-1",
          "books-1-proxy",
          "books-2",
          "books-2-proxy",
          "control-plane",
          "traffic",
          "web",
          "web-proxy");

  @TempDir Path dir;

  private final Output out = new Output();
  private final Output err = new Output();

  private LocalMesh mesh(FakeInstallation fake, int base) {
    MeshPlan plan =
        new MeshPlan(
            fake.installation(),
            new MeshPorts(base),
            new MeshLayout(dir.resolve("state")),
            ProcessHandle.current().pid());
    return new LocalMesh(plan, 10, TIMEOUTS, out.stream, err.stream);
  }

  @Test
  void startsEverythingPrintsTheProxiesAndStopsThemAll() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    int base = Ports.freeBase();
    LocalMesh mesh = mesh(fake, base);
    CompletableFuture<Integer> run = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> run.complete(mesh.run()));
    try {
      Await.until(BOUND, () -> out.text().contains("Press Ctrl-C"), () -> out.text() + err.text());
      startedAndPrinted(fake, base);
    } finally {
      mesh.requestStopAndAwait(BOUND);
    }

    assertEquals(0, run.get(BOUND.toSeconds(), TimeUnit.SECONDS));
    assertEquals(List.of(), fake.running());
    assertTrue(
        out.text().endsWith("weft up: stopping 12 processes\nweft up: stopped\n"), out.text());
    StateLock.acquire(dir.resolve("state")).close();
  }

  private void startedAndPrinted(FakeInstallation fake, int base) throws Exception {
    assertTrue(
        out.text()
            .contains(
                "proxy web admin=http://127.0.0.1:"
                    + (base + 13)
                    + "\nproxy books-0 admin=http://127.0.0.1:"
                    + (base + 23)
                    + "\nproxy books-1 admin=http://127.0.0.1:"
                    + (base + 33)
                    + "\nproxy books-2 admin=http://127.0.0.1:"
                    + (base + 43)
                    + "\nproxy authors admin=http://127.0.0.1:"
                    + (base + 53)
                    + "\n"),
        out.text());
    // The traffic generator starts last, just before the lines are printed.
    Await.until(BOUND, () -> fake.running().equals(ALL), () -> "running: " + fake.running());
    Path token = dir.resolve("state/tokens/books.token");
    assertEquals("tok-books", Files.readString(token));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    // The three replicas of books hold one identity, with the one token of its service account.
    for (String proxy : List.of("books-0-proxy", "books-1-proxy", "books-2-proxy")) {
      assertTrue(
          Files.readString(dir.resolve("state/logs/" + proxy + ".log")).contains("token tok-books"),
          proxy);
    }
    assertTrue(
        Files.readString(dir.resolve("state/control-plane/registry.conf"))
            .startsWith(MeshRegistry.MARK + "\n"));
  }

  @Test
  void aControlPlaneThatDiesIsReportedWithItsLog() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    fake.failAtStart("control-plane");

    int code = mesh(fake, Ports.freeBase()).run();

    assertEquals(1, code);
    assertTrue(
        err.text()
            .startsWith(
                "weft: control-plane (pid "
                    + fake.pid("control-plane")
                    + ") exited with code 1 before it was ready. The last lines of "
                    + dir.resolve("state/logs/control-plane.log")
                    + ":\n  | fake control plane: refusing to start\n"),
        err.text());
    assertEquals(List.of(), fake.running());
    assertTrue(fake.pid("web") < 0, "nothing else should have started");
  }

  @Test
  void aProxyThatDiesStopsTheRest() throws Exception {
    FakeInstallation fake = FakeInstallation.create(dir);
    fake.failAtStart("books-2-proxy");

    int code = mesh(fake, Ports.freeBase()).run();

    assertEquals(1, code);
    assertTrue(
        err.text().startsWith("weft: books-2-proxy (pid " + fake.pid("books-2-proxy") + ") exited"),
        err.text());
    assertTrue(err.text().contains("  | fake proxy: cannot start books-2-proxy"), err.text());
    assertTrue(fake.pid("control-plane") > 0 && fake.pid("authors-proxy") > 0);
    Await.until(BOUND, "every stand-in gone", () -> fake.running().isEmpty());
    assertTrue(!out.text().contains("proxy books-2 admin="), out.text());
  }
}

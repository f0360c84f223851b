package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.JavaMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A demo service started with --parent-pid ends when that process ends (real processes). */
class ParentWatchdogTest {
  /** The authors service, watching {@code parent}, its output and errors on one stream. */
  private static Process authors(Process parent) throws IOException {
    return new ProcessBuilder(
            JavaMain.command(
                DemoMain.class,
                "authors",
                "--port",
                "0",
                "--parent-pid",
                Long.toString(parent.pid())))
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void serviceExitsWhenItsParentIsGone() throws Exception {
    Process parent = new ProcessBuilder("sleep", "300").start();
    Process service = authors(parent);
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> listening =
          CompletableFuture.supplyAsync(() ->
              out.lines()
                  .filter(l -> l.startsWith("authors: listening on"))
                  .findFirst()
                  .orElse("(ended without listening)"));
      assertTrue(listening.get(30, TimeUnit.SECONDS).startsWith("authors: listening on"));
      assertTrue(service.isAlive());

      parent.destroy();

      assertTrue(
          service.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS),
          "the service outlived its parent");
      assertEquals(0, service.exitValue());
    } finally {
      service.destroyForcibly();
      parent.destroyForcibly();
    }
  }

  @Test
  void serviceRefusesToStartWhenItsParentIsAlreadyGone() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();
    Process service = authors(parent);
    try {
      assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service ran without its parent");
      String output = new String(service.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(3, service.exitValue(), output);
      assertTrue(output.contains("parent process " + parent.pid() + " is not running"), output);
      assertFalse(output.contains("listening"), output);
    } finally {
      service.destroyForcibly();
    }
  }
}

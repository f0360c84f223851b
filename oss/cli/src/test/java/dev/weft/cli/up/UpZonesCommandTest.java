package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.Weft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code weft up --zones/--balancer/--tour}: usage errors name the flag (exit 2); the dry run. */
class UpZonesCommandTest {
  @TempDir Path state;

  private final StringWriter err = new StringWriter();

  private int weft(String... args) {
    CommandLine cli = Weft.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private void usageError(String message, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, weft(args), err.toString());
    assertTrue(err.toString().startsWith("weft: " + message), err.toString());
  }

  @Test
  void badZonesBalancersAndToursAreUsageErrorsNamingTheFlag() {
    String dir = state.toString();
    usageError(
        "--zones=7: out of range (expected: 2..5): see 'weft up --help'",
        "up",
        "--zones",
        "7",
        "--state-dir",
        dir);
    usageError("Invalid value for option '--zones'", "up", "--zones", "two");
    usageError(
        "--balancer-config=band.low: 'band.low' is not key=value",
        "up",
        "--balancer",
        "hazl",
        "--balancer-config",
        "band.low",
        "--state-dir",
        dir);
    usageError("--balancer=Hazl: invalid", "up", "--balancer", "Hazl", "--state-dir", dir);
    usageError(
        "--balancer-config: only with --balancer",
        "up",
        "--balancer-config",
        "a=1",
        "--state-dir",
        dir);
    usageError("--tour: only with --zones N", "up", "--tour", "--state-dir", dir);
    usageError(
        "--tour-phase=2s: invalid (expected: a duration from 5s to 10m",
        "up",
        "--zones",
        "3",
        "--tour",
        "--tour-phase",
        "2s",
        "--state-dir",
        dir);
    usageError("--tour-phase: only with --tour", "up", "--tour-phase", "30s", "--state-dir", dir);
    usageError(
        "--port-base=65420: out of range (expected: 1024..65415)",
        "up",
        "--zones",
        "3",
        "--port-base",
        "65420",
        "--state-dir",
        dir);
  }

  @Test
  void theDryRunShowsTheZonesTheProxiesGetAndTheRegistry() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          weft(
              "up",
              "--zones",
              "3",
              "--balancer",
              "hazl",
              "--balancer-config",
              "band.low=0.5,zone.order=zone-c,zone-b",
              "--port-base",
              "20000",
              "--state-dir",
              state.toString(),
              "--dry-run");
    } finally {
      System.setOut(saved);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString());
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("web-proxy: ") && l.endsWith(" --zone zone-a")),
        out);
    assertTrue(
        out.lines()
            .anyMatch(l ->
                l.startsWith("books-c-1-proxy: ")
                    && l.contains("--admin 127.0.0.1:20113")
                    && l.endsWith(" --zone zone-c")),
        out);
    assertTrue(out.contains(" zone=zone-b label.pod=books-b-0\n"), out);
    assertTrue(out.contains("\n    balancer hazl band.low=0.5 zone.order=zone-c,zone-b\n"), out);
    assertTrue(out.contains(" --rate 10 "), "no tour: the usual rate\n" + out);
  }
}

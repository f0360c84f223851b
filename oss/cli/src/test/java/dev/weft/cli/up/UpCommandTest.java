package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.Weft;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `weft up` refuses bad arguments, a busy port or a held lock before it starts anything. */
class UpCommandTest {
  @TempDir Path state;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int weft(String... args) {
    CommandLine cli = Weft.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void badPortBaseIsAUsageError() {
    assertEquals(2, weft("up", "--port-base", "80", "--state-dir", state.toString()));
    assertTrue(
        err.toString()
            .equals(
                "weft: --port-base=80: out of range (expected: 1024..65475): see 'weft up"
                    + " --help'\n"),
        err.toString());
    assertEquals(2, weft("up", "--port-base", "seven"));
    assertTrue(
        err.toString().contains("weft: Invalid value for option '--port-base'"), err.toString());
  }

  @Test
  void badTrafficRateIsAUsageError() {
    assertEquals(2, weft("up", "--traffic-rate", "0", "--state-dir", state.toString()));
    assertTrue(err.toString().startsWith("weft: --traffic-rate=0.0: out of range"), err.toString());
  }

  @Test
  void aBusyPortIsNamedAndNothingStarts() throws Exception {
    int base = Ports.freeBase();
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 33));
      var captured = new java.io.ByteArrayOutputStream();
      var saved = System.err;
      System.setErr(new java.io.PrintStream(captured, true, "UTF-8"));
      int code;
      try {
        code = weft("up", "--port-base", Integer.toString(base), "--state-dir", state.toString());
      } finally {
        System.setErr(saved);
      }
      assertEquals(1, code);
      String message = captured.toString("UTF-8");
      assertTrue(
          message.startsWith(
              "weft: port " + (base + 33) + " (books-1 proxy admin) on 127.0.0.1 is in use: stop"),
          message);
      assertTrue(message.contains("--port-base N (now " + base + ";"), message);
    }
    // Nothing was started, and the lock was let go.
    assertTrue(!state.resolve("logs").toFile().exists());
    StateLock.acquire(state).close();
  }

  @Test
  void versionAndDryRun() {
    assertEquals(0, weft("version", "--client"));
    assertTrue(out.toString().matches("weft \\S+\\n"), out.toString());
  }
}

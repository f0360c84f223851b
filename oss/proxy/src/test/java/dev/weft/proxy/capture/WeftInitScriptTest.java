package dev.weft.proxy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft-init} run as a process: the rules it writes, and how it refuses bad input. */
class WeftInitScriptTest {
  /** Surefire runs in the module's directory. */
  private static final Path SCRIPT = Path.of("src/main/sh/weft-init").toAbsolutePath();

  private static final Path WRAPPER = Path.of("../../bin/weft-init").toAbsolutePath();

  record Run(int exit, String out, String err) {}

  private static Run run(Path script, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "weft-init finished");
    return new Run(p.exitValue(), out, err);
  }

  private static Run run(String... args) throws Exception {
    return run(SCRIPT, Map.of(), args);
  }

  @Test
  void dryRunPrintsTheRulesForTheFlags() throws Exception {
    Run r =
        run(
            "--inbound-port",
            "4143",
            "--outbound-port",
            "4140",
            "--proxy-uid",
            "2102",
            "--skip-inbound-ports",
            "4190,4191",
            "--skip-outbound-ports",
            "3306, 8000-8010",
            "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        String.join(
            "\n",
            "*nat",
            ":WEFT_INBOUND - [0:0]",
            ":WEFT_OUTPUT - [0:0]",
            "-A WEFT_INBOUND -p tcp --dport 4190 -j RETURN",
            "-A WEFT_INBOUND -p tcp --dport 4191 -j RETURN",
            "-A WEFT_INBOUND -p tcp -j REDIRECT --to-ports 4143",
            "-A WEFT_OUTPUT -m owner --uid-owner 2102 -j RETURN",
            "-A WEFT_OUTPUT -d 127.0.0.0/8 -j RETURN",
            "-A WEFT_OUTPUT -p tcp --dport 3306 -j RETURN",
            "-A WEFT_OUTPUT -p tcp --dport 8000:8010 -j RETURN",
            "-A WEFT_OUTPUT -p tcp -j REDIRECT --to-ports 4140",
            "-A PREROUTING -j WEFT_INBOUND",
            "-A OUTPUT -j WEFT_OUTPUT",
            "COMMIT",
            ""),
        r.out());
  }

  @Test
  void noSkipsAndEqualsSyntaxThroughTheBinWrapper() throws Exception {
    Run r =
        run(
            WRAPPER,
            Map.of(),
            "--inbound-port=5143",
            "--outbound-port=5140",
            "--proxy-uid=0",
            "--skip-outbound-ports=",
            "--dry-run");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("-A WEFT_INBOUND -p tcp -j REDIRECT --to-ports 5143\n"), r.out());
    assertTrue(r.out().contains("-A WEFT_OUTPUT -m owner --uid-owner 0 -j RETURN\n"), r.out());
    assertTrue(!r.out().contains("--dport"), r.out());
  }

  @Test
  void badArgumentsGiveOneLineAndExit2() throws Exception {
    String[][] cases = {
      {"--outbound-port", "4140", "--proxy-uid", "2102"},
      {"--inbound-port", "70000", "--outbound-port", "4140", "--proxy-uid", "2102"},
      {"--inbound-port", "4143", "--outbound-port", "4143", "--proxy-uid", "2102"},
      {"--inbound-port", "4143", "--outbound-port", "4140", "--proxy-uid", "proxy"},
      {"--inbound-port", "4143", "--outbound-port", "4140", "--proxy-uid", "1", "--x"},
      {
        "--inbound-port",
        "4143",
        "--outbound-port",
        "4140",
        "--proxy-uid",
        "1",
        "--skip-inbound-ports",
        "90-80"
      },
      {"--inbound-port"},
    };
    String[] mentions = {
      "--inbound-port: missing", "--inbound-port='70000'", "other than --inbound-port",
      "--proxy-uid='proxy'", "--x: unknown argument", "invalid entry '90-80'",
      "--inbound-port: missing value"
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of(cases[i]));
      args.add("--dry-run");
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.exit(), String.join(" ", cases[i]));
      assertEquals("", r.out(), "nothing printed before the error: " + r.out());
      assertTrue(r.err().startsWith("weft-init: ") && r.err().contains(mentions[i]), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  @Test
  void iptablesFailureExits1WithItsMessage(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("fake");
    Files.writeString(fake, "#!/bin/sh\nexit 1\n");
    Files.writeString(
        dir.resolve("fake-restore"),
        "#!/bin/sh\ncat >/dev/null\necho 'iptables-restore: line 2 failed: Permission denied' >&2\n"
            + "exit 4\n");
    for (Path p : List.of(fake, dir.resolve("fake-restore"))) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
    Run r =
        run(
            SCRIPT,
            Map.of("WEFT_INIT_IPTABLES", fake.toString()),
            "--inbound-port",
            "4143",
            "--outbound-port",
            "4140",
            "--proxy-uid",
            "2102");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("line 2 failed: Permission denied"), r.err());
  }

  static {
    try {
      Files.readString(SCRIPT); // fail early with a clear path when run from elsewhere
    } catch (IOException e) {
      throw new IllegalStateException("weft-init not found at " + SCRIPT, e);
    }
  }
}

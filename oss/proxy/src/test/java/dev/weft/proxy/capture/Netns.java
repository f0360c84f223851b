package dev.weft.proxy.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a test creates and deletes, and the commands and processes it runs in them.
 * Every address used lives inside these namespaces.
 */
final class Netns {
  /** A finished command: its exit code and its output (stdout and stderr together). */
  record Result(int exit, String output) {}

  private Netns() {}

  /** Runs a command to its end (at most 60 s). */
  static Result run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out: " + String.join(" ", cmd) + "\n" + out);
    }
    return new Result(p.exitValue(), out.strip());
  }

  static Result run(String... cmd) throws IOException, InterruptedException {
    return run(List.of(cmd));
  }

  /** Runs a command that must succeed; throws with its output otherwise. */
  static String ok(String... cmd) throws IOException, InterruptedException {
    Result r = run(cmd);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.output());
    }
    return r.output();
  }

  /** {@code ip netns exec ns} followed by {@code cmd}. */
  static List<String> in(String ns, List<String> cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(cmd);
    return all;
  }

  /** Java running {@link NetnsPeer} from the test classes, with the given arguments. */
  static List<String> peer(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(),
                NetnsPeer.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts a long-running process, its output going to {@code log}. */
  static Process start(List<String> cmd, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }
}

package dev.weft.sbom.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/weft} of the checkout run as a user runs it, from the jars the build just packaged
 * ({@code WEFT_NO_BUILD=1}): the open-source command line, or with the enterprise compliance jar
 * and a license in its environment.
 */
final class Weft {
  /** What a finished command left: its exit code, and its standard output and error together. */
  record Run(int exit, String output) {}

  private final Path root;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();

  Weft(Path root, Path dir) {
    this.root = root;
    this.dir = dir;
    env.put("WEFT_NO_BUILD", "1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  /** The same command line with the enterprise compliance commands and {@code more} variables. */
  Weft enterprise(Map<String, String> more) {
    Weft w = new Weft(root, dir);
    w.env.putAll(env);
    Path target = root.resolve("enterprise/compliance/target");
    w.env.put(
        "WEFT_EXTRA_CLASSPATH",
        target.resolve("weft-compliance.jar") + ":" + target.resolve("lib") + "/*");
    w.env.putAll(more);
    return w;
  }

  /** Starts {@code bin/weft ARGS} in the test's directory, its output going to {@code log}. */
  Process start(Path log, Map<String, String> more, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/weft").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().putAll(more);
    return pb.start();
  }

  /** Runs {@code bin/weft ARGS} to its end (at most two minutes). */
  Run run(String... args) throws Exception {
    Path log = Files.createTempFile(dir, "weft", ".log");
    Process p = start(log, Map.of(), args);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("weft " + String.join(" ", args) + ": still running after 2 min");
    }
    return new Run(p.exitValue(), Files.readString(log));
  }
}

package dev.weft.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code STATE/children}: the processes a running {@code weft up} started (pid, start time, name).
 * If {@code weft up} is killed without the chance to stop them (SIGKILL), the next {@code weft up}
 * on the same state directory stops those still running. The start time tells a leftover from an
 * unrelated process that reuses its pid.
 */
final class ChildrenRecord {
  static final String FILE = "children";

  private final Path file;

  ChildrenRecord(Path stateDir) {
    this.file = stateDir.resolve(FILE);
  }

  void write(List<Child> children) {
    StringBuilder b = new StringBuilder();
    for (Child c : children) {
      long start = c.process().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
      b.append(c.pid()).append('\t').append(start).append('\t').append(c.name()).append('\n');
    }
    try {
      Files.writeString(file, b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Only the clean-up after a hard kill depends on it; say so and go on.
      System.err.println("weft up: cannot write " + file + ": " + e.getMessage());
    }
  }

  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("weft up: cannot delete " + file + ": " + e.getMessage());
    }
  }

  /**
   * Stops the processes of an earlier {@code weft up} that were left running, and says so. Called
   * with the state lock held, so their owner is known to be gone.
   */
  void stopLeftovers(PrintStream out) {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      out.println("weft up: cannot read " + file + ": " + e.getMessage());
      return;
    }
    for (String line : lines) {
      String[] f = line.split("\t", 3);
      if (f.length != 3) {
        continue;
      }
      long pid;
      long started;
      try {
        pid = Long.parseLong(f[0]);
        started = Long.parseLong(f[1]);
      } catch (NumberFormatException e) {
        continue;
      }
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()
          && h.get().isAlive()
          && h.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started) {
        out.println(
            "weft up: stopping "
                + f[2]
                + " (pid "
                + pid
                + "), left running by an earlier weft up that was killed");
        h.get().descendants().forEach(ProcessHandle::destroyForcibly);
        h.get().destroyForcibly();
        h.get().onExit().completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
      }
    }
    clear();
  }
}

package dev.weft.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A started process, with the log file its output goes to. */
record Child(String name, Process process, Path log) {
  long pid() {
    return process.pid();
  }

  /** How the process ended, for a message ("exited with code 3", "was killed by signal 9"). */
  String exitDescription() {
    int code = process.exitValue();
    // Java reports a child killed by signal N as 128 + N.
    return code > 128 && code < 160
        ? "was stopped by signal " + (code - 128)
        : "exited with code " + code;
  }

  /** The last {@code lines} lines of the log, indented, for a failure report. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      if (tail.isEmpty()) {
        return "  (" + log + " is empty)";
      }
      StringBuilder b = new StringBuilder();
      for (String line : tail) {
        b.append("  | ").append(line).append('\n');
      }
      return b.toString().stripTrailing();
    } catch (IOException e) {
      return "  (cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}

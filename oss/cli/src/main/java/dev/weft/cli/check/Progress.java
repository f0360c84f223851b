package dev.weft.cli.check;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * What {@code weft check} is doing while it does it, on stderr: a line rewritten in place when
 * stderr is a terminal; only the retries of {@code --wait}, one plain line each, otherwise (a log
 * or CI output has no use for the rest).
 */
final class Progress {
  private static final String[] SPINNER = {"|", "/", "-", "\\"};

  private final PrintWriter err;
  private final boolean terminal;
  private int tick;
  private boolean dirty;

  private Progress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  static Progress on(PrintWriter err) {
    Console console = System.console();
    return new Progress(err, console != null && console.isTerminal());
  }

  void checking(String group) {
    if (terminal) {
      rewrite(SPINNER[tick++ % SPINNER.length] + " checking " + group + "...");
    }
  }

  void waiting(List<CheckGroup> groups, Duration left) {
    long failing =
        groups.stream()
            .flatMap(g -> g.results.stream())
            .filter(r -> r.status() == Status.FAIL)
            .count();
    String first =
        groups.stream()
            .flatMap(g -> g.results.stream())
            .filter(r -> r.status() == Status.FAIL)
            .map(CheckResult::what)
            .findFirst()
            .orElse("");
    String line =
        "waiting: " + failing + " failing (" + first + "), " + left.toSeconds() + "s left";
    if (terminal) {
      rewrite(SPINNER[tick++ % SPINNER.length] + " " + line);
    } else {
      err.println("weft check: " + line);
      err.flush();
    }
  }

  void done() {
    if (terminal && dirty) {
      err.print("\r\033[K");
      err.flush();
      dirty = false;
    }
  }

  private void rewrite(String line) {
    err.print("\r\033[K" + line);
    err.flush();
    dirty = true;
  }
}

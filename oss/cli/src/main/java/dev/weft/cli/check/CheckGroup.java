package dev.weft.cli.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled group of check results, filled in as its checks run. A group may stop the run when what
 * it found makes every later check pointless (no namespace, no API).
 */
final class CheckGroup {
  final String name;
  final List<CheckResult> results = new ArrayList<>();
  private boolean fatal;

  CheckGroup(String name) {
    this.name = name;
  }

  void pass(String what) {
    results.add(new CheckResult(what, Status.PASS, null));
  }

  void warn(String what, String hint) {
    results.add(new CheckResult(what, Status.WARN, hint));
  }

  void fail(String what, String hint) {
    results.add(new CheckResult(what, Status.FAIL, hint));
  }

  /** Fails, and stops the checks after this group. */
  void fatal(String what, String hint) {
    fail(what, hint);
    fatal = true;
  }

  boolean isFatal() {
    return fatal;
  }

  boolean failed() {
    return results.stream().anyMatch(r -> r.status() == Status.FAIL);
  }
}

package dev.weft.cli.check;

import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import java.util.List;

/** A plugin's group of checks, as {@code weft check} prints it. */
final class PluginChecks {
  private PluginChecks() {}

  /**
   * Runs {@code provider}; whatever it throws becomes one failed check, so that a broken plugin
   * cannot hide the rest of the report.
   */
  static CheckGroup run(CheckProvider provider, CheckContext context, Progress progress) {
    String heading = heading(provider);
    progress.checking(heading);
    CheckGroup group = new CheckGroup(heading);
    List<dev.weft.spi.cli.CheckResult> results;
    try {
      results = provider.run(context);
    } catch (RuntimeException | LinkageError e) {
      group.fail(
          "the " + heading + " checks ran",
          provider.getClass().getName()
              + " failed: "
              + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
      return group;
    }
    if (results == null) {
      group.fail(
          "the " + heading + " checks ran",
          provider.getClass().getName() + " returned no results (null)");
      return group;
    }
    for (dev.weft.spi.cli.CheckResult r : results) {
      switch (r.status()) {
        case PASS -> group.pass(r.description());
        case WARN -> group.warn(r.description(), r.hint());
        case FAIL -> group.fail(r.description(), r.hint());
      }
    }
    return group;
  }

  private static String heading(CheckProvider provider) {
    try {
      String group = provider.group();
      if (group != null && !group.isBlank()) {
        return group;
      }
    } catch (RuntimeException e) {
      // Named after its provider below.
    }
    return provider.getClass().getName();
  }
}

package dev.weft.cli.inject;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Validates inject's override flags and collects them as {@code config.weft.dev/*} annotations. A
 * bad value is a usage error here, though the injector would only ignore it: better to hear now.
 */
final class Overrides {
  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
  static final List<String> SIDECAR_MODES = List.of("native", "classic");

  private final CommandLine cli;
  private final Map<String, String> into;

  Overrides(CommandLine cli, Map<String, String> into) {
    this.cli = cli;
    this.into = into;
  }

  void ports(String key, String flag, String value) {
    if (value == null) {
      return;
    }
    for (String part : value.split(",", -1)) {
      String[] range = part.split("-", -1);
      if (range.length > 2
          || !range[0].matches("[0-9]{1,5}")
          || (range.length == 2 && !range[1].matches("[0-9]{1,5}"))) {
        throw bad(flag, value, "ports or ranges a-b, comma-separated, e.g. 25,9000-9100");
      }
      int low = Integer.parseInt(range[0]);
      int high = range.length == 2 ? Integer.parseInt(range[1]) : low;
      if (low < 1 || high > 65535 || low > high) {
        throw bad(flag, value, "ports 1..65535, ranges low-high");
      }
    }
    into.put(Annotations.CONFIG_PREFIX + key, value);
  }

  void oneOf(String key, String flag, String value, List<String> allowed) {
    if (value == null) {
      return;
    }
    if (!allowed.contains(value)) {
      throw bad(flag, value, "one of " + String.join(", ", allowed));
    }
    into.put(Annotations.CONFIG_PREFIX + key, value);
  }

  void duration(String key, String flag, String value) {
    if (value == null) {
      return;
    }
    if (!value.matches("[0-9]+(ms|s|m|h)")) {
      throw bad(flag, value, "a duration such as 500ms, 10s, 1m");
    }
    into.put(Annotations.CONFIG_PREFIX + key, value);
  }

  void quantity(String key, String flag, String value) {
    if (value == null) {
      return;
    }
    if (!value.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?")) {
      throw bad(flag, value, "a Kubernetes quantity such as 100m, 1, 64Mi");
    }
    into.put(Annotations.CONFIG_PREFIX + key, value);
  }

  private ParameterException bad(String flag, String value, String expected) {
    return new ParameterException(
        cli, flag + "=" + value + ": invalid (expected: " + expected + ")");
  }
}

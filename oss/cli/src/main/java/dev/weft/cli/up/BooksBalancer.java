package dev.weft.cli.up;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The balancer {@code weft up --balancer NAME --balancer-config k=v,...} writes in books' registry
 * block: {@code balancer NAME k=v ...}. Only the syntax is checked here; whether the proxy knows
 * the name, and the configuration's keys and values, are its provider's business (an unknown name
 * falls back to the open-source balancer, with the reason in the proxy's log).
 */
record BooksBalancer(String name, Map<String, String> config) {
  BooksBalancer {
    config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /**
   * Parses the flags' values. Each {@code --balancer-config} value is a comma-separated list of
   * {@code key=value}; a piece without {@code =} continues the previous value, so that a value may
   * itself be a list: {@code zone.order=zone-b,zone-c,band.high=3}.
   */
  static BooksBalancer parse(String name, List<String> configFlags) {
    // As the proxy's --balancer: a provider name.
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "--balancer=" + name + ": invalid (expected: a balancer name such as p2c-peak-ewma)");
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (String flag : configFlags) {
      String key = null;
      for (String piece : flag.split(",", -1)) {
        int eq = piece.indexOf('=');
        if (eq < 0 && key != null && !piece.isEmpty()) {
          config.put(key, config.get(key) + "," + piece);
          continue;
        }
        if (eq <= 0) {
          throw bad(flag, "'" + piece + "' is not key=value (expected: key=value,...)");
        }
        key = piece.substring(0, eq);
        String value = piece.substring(eq + 1);
        if (!key.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
          throw bad(flag, "key '" + key + "' (expected: letters, digits, '.', '_', '-')");
        }
        if (value.isEmpty()) {
          throw bad(flag, key + " has no value");
        }
        if (config.putIfAbsent(key, value) != null) {
          throw bad(flag, key + " is given twice");
        }
      }
    }
    for (Map.Entry<String, String> e : config.entrySet()) {
      // A registry line is split at blanks, and # starts a comment.
      if (!e.getValue().matches("[^\\s#=]+")) {
        throw bad(
            String.join(",", configFlags),
            e.getKey() + "='" + e.getValue() + "' (expected: no blank, '#' or '=' in a value)");
      }
    }
    return new BooksBalancer(name, config);
  }

  private static IllegalArgumentException bad(String flag, String why) {
    return new IllegalArgumentException("--balancer-config=" + flag + ": " + why);
  }

  /** The registry line, without indentation: {@code balancer hazl band.low=0.5}. */
  String registryLine() {
    StringJoiner line = new StringJoiner(" ");
    line.add("balancer").add(name);
    config.forEach((k, v) -> line.add(k + "=" + v));
    return line.toString();
  }
}

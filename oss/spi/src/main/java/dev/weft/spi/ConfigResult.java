package dev.weft.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of parsing a plugin's configuration: the parsed value, or every error found. Parsing
 * returns errors instead of throwing so that the caller can report all of them at once, naming the
 * object they came from.
 *
 * @param value the parsed configuration; null when there are errors
 * @param errors what is wrong, each naming the key and what was expected, e.g. {@code "band.high:
 *     '0.5' is below band.low (expected: > 0.8)"}
 */
public record ConfigResult<T>(T value, List<String> errors) {
  public ConfigResult {
    errors = List.copyOf(errors);
    if (errors.isEmpty()) {
      Objects.requireNonNull(value, "value");
    } else if (value != null) {
      throw new IllegalArgumentException("a result with errors has no value");
    }
  }

  public static <T> ConfigResult<T> ok(T value) {
    return new ConfigResult<>(value, List.of());
  }

  public static <T> ConfigResult<T> errors(List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: empty (expected: at least one)");
    }
    return new ConfigResult<>(null, errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }
}

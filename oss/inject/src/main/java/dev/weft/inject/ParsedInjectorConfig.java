package dev.weft.inject;

import java.util.List;

/**
 * What {@link InjectorConfig#parse} found.
 *
 * @param config the configuration, or null when {@code errors} is not empty
 * @param errors one line per bad key: {@code inboundPort: "x" (expected: a port from 1 to 65535)}
 * @param unknownKeys keys the injector does not know, as JSON paths ({@code resources.cpu})
 */
public record ParsedInjectorConfig(
    InjectorConfig config, List<String> errors, List<String> unknownKeys) {
  public ParsedInjectorConfig {
    errors = List.copyOf(errors);
    unknownKeys = List.copyOf(unknownKeys);
  }

  /** True when the file is usable. */
  public boolean ok() {
    return errors.isEmpty();
  }
}

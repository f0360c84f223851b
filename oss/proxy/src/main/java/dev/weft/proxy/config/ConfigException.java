package dev.weft.proxy.config;

/**
 * A configuration value that cannot be used. The message names the key, the value and what was
 * expected, so that start-up fails with one line a person can act on.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigException(String key, String value, String expected) {
    super(
        value == null
            ? key + ": missing (expected: " + expected + ")"
            : key + "='" + value + "': invalid (expected: " + expected + ")");
  }

  public ConfigException(String message) {
    super(message);
  }
}

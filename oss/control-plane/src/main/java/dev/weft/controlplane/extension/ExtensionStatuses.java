package dev.weft.controlplane.extension;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The JSON status documents extensions publish at {@code GET /v1/extensions/NAME}. */
public final class ExtensionStatuses {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private final Map<String, Supplier<String>> documents = new ConcurrentHashMap<>();

  void publish(String name, Supplier<String> json) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "status name: '" + name + "' (expected: lower case letters, digits and dashes)");
    }
    if (documents.putIfAbsent(name, json) != null) {
      throw new IllegalArgumentException("status name: '" + name + "' is already published");
    }
  }

  /** The document named {@code name} now, if one is published. */
  public Optional<String> get(String name) {
    Supplier<String> json = documents.get(name);
    return json == null ? Optional.empty() : Optional.of(json.get());
  }
}

package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test inputs and parsed outputs. */
final class Yaml {
  private static final ObjectMapper YAML = ManifestFormat.yaml();

  private Yaml() {}

  static Path resource(String name) {
    return Path.of("src/test/resources/inject", name).toAbsolutePath();
  }

  static String text(String name) throws Exception {
    return Files.readString(resource(name));
  }

  /** Every non-empty document of a YAML text. */
  static List<JsonNode> docs(String text) throws Exception {
    try (var it = YAML.readerFor(JsonNode.class).readValues(text)) {
      return it.readAll().stream().map(JsonNode.class::cast).filter(n -> !n.isNull()).toList();
    }
  }

  static JsonNode annotations(JsonNode template) {
    return template.path("metadata").path("annotations");
  }
}

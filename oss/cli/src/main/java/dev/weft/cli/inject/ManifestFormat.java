package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The YAML reader and writer of manifests. */
final class ManifestFormat {
  private ManifestFormat() {}

  /**
   * Quotes only where YAML needs it (as kubectl writes manifests), but always around strings that
   * look like numbers or booleans: an annotation value {@code "8080"} or a label {@code "true"}
   * must stay a string, or the API server rejects the object.
   */
  static ObjectMapper yaml() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    return new YAMLMapper(factory);
  }
}

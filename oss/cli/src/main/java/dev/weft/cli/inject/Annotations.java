package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The annotation keys inject and uninject read and write (see the contract's Annotations). */
final class Annotations {
  static final String INJECT = "weft.dev/inject";
  static final String PROXY_VERSION = "weft.dev/proxy-version";
  static final String IDENTITY = "weft.dev/identity";
  static final String CONFIG_PREFIX = "config.weft.dev/";

  private Annotations() {}

  /** The template's {@code metadata.annotations}, created when missing. */
  static ObjectNode of(ObjectNode template) {
    ObjectNode metadata = child(template, "metadata");
    return child(metadata, "annotations");
  }

  /** Removes the annotations (then metadata) map when an edit left it empty. */
  static void pruneEmpty(ObjectNode template) {
    JsonNode metadata = template.get("metadata");
    if (metadata instanceof ObjectNode m) {
      JsonNode annotations = m.get("annotations");
      if (annotations instanceof ObjectNode a && a.isEmpty()) {
        m.remove("annotations");
      }
      if (m.isEmpty()) {
        template.remove("metadata");
      }
    }
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    JsonNode existing = parent.get(name);
    if (existing instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(name);
  }
}

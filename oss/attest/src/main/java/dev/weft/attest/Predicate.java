package dev.weft.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * What a statement says about its subjects: a predicate type (a URI) and its content (a JSON
 * object). An SBOM attestation's content is the SBOM document itself.
 */
public record Predicate(String type, JsonNode content) {
  /** An SBOM: the content is a CycloneDX document. */
  public static final String CYCLONEDX_BOM = "https://cyclonedx.org/bom";

  /** A report of which service-to-service edges of the mesh were mTLS-protected over a window. */
  public static final String MESH_POSTURE = "https://weft.dev/attestation/mesh-posture/v1";

  public Predicate {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("predicate type: blank (expected: a URI)");
    }
    content = content == null ? JsonNodeFactory.instance.objectNode() : content.deepCopy();
    if (!content.isObject()) {
      throw new IllegalArgumentException(
          "predicate content: " + content.getNodeType() + " (expected: a JSON object)");
    }
  }

  @Override
  public JsonNode content() {
    return content.deepCopy();
  }
}

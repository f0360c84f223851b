package dev.weft.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.attest.Predicate;
import dev.weft.attest.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A file as the subject of an attestation. Its predicate content is the file's own JSON document
 * when it is one (an SBOM attestation carries the SBOM, as cosign's do), else an empty object.
 */
public record FileSubject(Subject subject, Predicate predicate) implements AttestationInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  public FileSubject {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(predicate, "predicate");
  }

  /**
   * @throws IllegalArgumentException naming the file when the predicate type is a CycloneDX BOM and
   *     the file is not a JSON object
   */
  public static FileSubject read(Path file, String predicateType) throws IOException {
    Subject subject = Subject.ofFile(file);
    JsonNode content = null;
    try {
      JsonNode doc = JSON.readTree(Files.readAllBytes(file));
      if (doc != null && doc.isObject()) {
        content = doc;
      }
    } catch (JsonProcessingException e) {
      // Not JSON: an attestation about any file is fine, an SBOM attestation is not (below).
    }
    if (content == null && Predicate.CYCLONEDX_BOM.equals(predicateType)) {
      throw new IllegalArgumentException(
          file
              + ": not a JSON object (expected: a CycloneDX JSON SBOM for predicate type "
              + Predicate.CYCLONEDX_BOM
              + ")");
    }
    return new FileSubject(subject, new Predicate(predicateType, content));
  }

  @Override
  public List<Subject> subjects() {
    return List.of(subject);
  }
}

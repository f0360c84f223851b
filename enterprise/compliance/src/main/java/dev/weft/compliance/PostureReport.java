package dev.weft.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.attest.Predicate;
import dev.weft.attest.Subject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A mesh-posture report (the control plane's {@code GET /v1/fleet/posture}) as the subject of an
 * attestation. The subject is the report's own bytes, in the form {@link #bytes} writes them, so
 * that an auditor given the file checks it with {@code weft compliance verify --subject}; the
 * predicate carries the report too, so the bundle alone says what was attested.
 */
public final class PostureReport implements AttestationInput {
  /** The subject's name in the statement. */
  public static final String SUBJECT_NAME = "mesh-posture.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final JsonNode report;
  private final byte[] bytes;

  private PostureReport(JsonNode report, byte[] bytes) {
    this.report = report;
    this.bytes = bytes;
  }

  /**
   * The report as attested: indented JSON, ending with a newline.
   *
   * @throws IllegalArgumentException naming what is missing when it is not a posture report
   */
  public static PostureReport of(JsonNode report) {
    Objects.requireNonNull(report, "report");
    if (!report.isObject()) {
      throw new IllegalArgumentException(
          "the posture report is " + report.getNodeType() + " (expected: a JSON object)");
    }
    for (String field : new String[] {"window", "edges", "summary"}) {
      if (!report.has(field)) {
        throw new IllegalArgumentException(
            "the posture report has no '" + field + "' (expected: /v1/fleet/posture's answer)");
      }
    }
    try {
      byte[] text = JSON.writeValueAsBytes(report);
      byte[] withNewline = Arrays.copyOf(text, text.length + 1);
      withNewline[text.length] = '\n';
      return new PostureReport(report.deepCopy(), withNewline);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a posture report could not be written as JSON", e);
    }
  }

  /** The bytes whose SHA-256 is the subject's digest: what {@code --report} writes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public List<Subject> subjects() {
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return List.of(new Subject(SUBJECT_NAME, Map.of(Subject.SHA256, hex)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  @Override
  public Predicate predicate() {
    return new Predicate(Predicate.MESH_POSTURE, report);
  }
}

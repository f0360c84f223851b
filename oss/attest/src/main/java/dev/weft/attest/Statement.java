package dev.weft.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** An in-toto Statement v1: which subjects a predicate is about. */
public record Statement(List<Subject> subjects, Predicate predicate) {
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  public Statement {
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(predicate, "predicate");
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a statement needs at least one subject");
    }
  }

  /** The statement as the JSON a DSSE envelope carries (field order as in the in-toto spec). */
  public byte[] toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("_type", TYPE);
    ArrayNode list = root.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode o = list.addObject();
      o.put("name", s.name());
      ObjectNode digest = o.putObject("digest");
      s.digest().forEach(digest::put);
    }
    root.put("predicateType", predicate.type());
    root.set("predicate", predicate.content());
    try {
      return Json.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a statement could not be written as JSON", e);
    }
  }

  /**
   * Reads a statement from a DSSE payload.
   *
   * @param field where the payload sits, for messages (e.g. {@code dsseEnvelope.payload})
   * @throws VerificationException ({@link FailureReason#MALFORMED}) naming the field that is wrong
   */
  public static Statement parse(byte[] payload, String field) throws VerificationException {
    JsonNode root = Json.parseObject(payload, field);
    String type = Json.text(root, "_type", field);
    if (!TYPE.equals(type)) {
      throw VerificationException.malformed(
          Json.join(field, "_type"), "'" + type + "' (expected: " + TYPE + ")");
    }
    JsonNode list = Json.array(root, "subject", field);
    if (list.isEmpty()) {
      throw VerificationException.malformed(
          Json.join(field, "subject"), "empty (expected: at least one subject)");
    }
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = Json.join(field, "subject[" + i + "]");
      JsonNode s = list.get(i);
      if (!s.isObject()) {
        throw VerificationException.malformed(at, s.getNodeType() + " (expected: an object)");
      }
      String name = Json.optionalText(s, "name", at);
      JsonNode digests = Json.object(s, "digest", at);
      Map<String, String> digest = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> d : digests.properties()) {
        if (!d.getValue().isTextual()) {
          throw VerificationException.malformed(
              Json.join(at, "digest." + d.getKey()),
              d.getValue().getNodeType() + " (expected: hex string)");
        }
        digest.put(d.getKey(), d.getValue().textValue().toLowerCase(Locale.ROOT));
      }
      if (digest.isEmpty()) {
        throw VerificationException.malformed(
            Json.join(at, "digest"), "empty (expected: e.g. sha256)");
      }
      subjects.add(new Subject(name == null ? "" : name, digest));
    }
    String predicateType = Json.text(root, "predicateType", field);
    JsonNode content = root.get("predicate");
    if (content != null && !content.isNull() && !content.isObject()) {
      throw VerificationException.malformed(
          Json.join(field, "predicate"), content.getNodeType() + " (expected: an object)");
    }
    return new Statement(subjects, new Predicate(predicateType, content));
  }
}

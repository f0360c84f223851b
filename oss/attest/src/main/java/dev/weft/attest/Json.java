package dev.weft.attest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;

/**
 * Strict JSON for signed documents: duplicate keys and trailing content are refused (two parsers
 * must never read two different documents out of one signed text), and every problem names the
 * field it is in, dotted ({@code dsseEnvelope.signatures[0].sig}).
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /**
   * Parses {@code bytes} as one JSON object.
   *
   * @param prefix the field the document sits in, for messages ({@code ""} at the top)
   */
  static JsonNode parseObject(byte[] bytes, String prefix) throws VerificationException {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      String at = join(prefix, where(e));
      String field = at.isEmpty() ? "(document)" : at;
      if (e instanceof JsonEOFException) {
        throw VerificationException.malformed(field, "the JSON ends early (truncated?)");
      }
      String detail = e.getOriginalMessage();
      int nl = detail == null ? -1 : detail.indexOf('\n');
      throw VerificationException.malformed(
          field, "not valid JSON (" + (nl < 0 ? detail : detail.substring(0, nl)) + ")");
    } catch (IOException e) {
      throw VerificationException.malformed(
          prefix.isEmpty() ? "(document)" : prefix, "cannot be read: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw VerificationException.malformed(
          prefix.isEmpty() ? "(document)" : prefix, "empty (expected: a JSON object)");
    }
    if (!node.isObject()) {
      throw VerificationException.malformed(
          prefix.isEmpty() ? "(document)" : prefix,
          node.getNodeType() + " (expected: a JSON object)");
    }
    return node;
  }

  static JsonNode object(JsonNode parent, String name, String path) throws VerificationException {
    JsonNode n = parent.get(name);
    String field = join(path, name);
    if (n == null || n.isNull()) {
      throw VerificationException.malformed(field, "missing");
    }
    if (!n.isObject()) {
      throw VerificationException.malformed(field, n.getNodeType() + " (expected: an object)");
    }
    return n;
  }

  static JsonNode array(JsonNode parent, String name, String path) throws VerificationException {
    JsonNode n = parent.get(name);
    String field = join(path, name);
    if (n == null || n.isNull()) {
      throw VerificationException.malformed(field, "missing");
    }
    if (!n.isArray()) {
      throw VerificationException.malformed(field, n.getNodeType() + " (expected: an array)");
    }
    return n;
  }

  static String text(JsonNode parent, String name, String path) throws VerificationException {
    String s = optionalText(parent, name, path);
    if (s == null || s.isEmpty()) {
      throw VerificationException.malformed(join(path, name), "missing");
    }
    return s;
  }

  static String optionalText(JsonNode parent, String name, String path)
      throws VerificationException {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw VerificationException.malformed(
          join(path, name), n.getNodeType() + " (expected: a string)");
    }
    return n.textValue();
  }

  /** Protobuf's JSON for bytes: base64, standard or URL-safe, padded or not. */
  static byte[] base64(JsonNode parent, String name, String path) throws VerificationException {
    String s = text(parent, name, path);
    try {
      return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(s)
          : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw VerificationException.malformed(
          join(path, name), "not base64 (" + e.getMessage() + ")");
    }
  }

  static String join(String path, String name) {
    if (path.isEmpty()) {
      return name;
    }
    return name.isEmpty() || name.startsWith("[") ? path + name : path + "." + name;
  }

  /** Where in the document a parse error happened, dotted; empty at the top. */
  private static String where(JsonProcessingException e) {
    if (!(e instanceof JsonParseException pe) || !(pe.getProcessor() instanceof JsonParser p)) {
      return "";
    }
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    String path = "";
    for (String part : parts) {
      path = join(path, part);
    }
    return path;
  }
}

package dev.weft.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of RFC 6902 the injector produces ({@code add}, {@code replace}, {@code remove}), with
 * RFC 6901 pointers. The CLI applies the webhook's patch offline with it, so a manually injected
 * manifest is the same pod the webhook would have admitted.
 */
public final class JsonPatch {
  private JsonPatch() {}

  /**
   * Applies {@code ops} in order to a copy of {@code document} and returns the copy; the argument
   * is not changed.
   *
   * @throws JsonPatchException when an operation's path does not exist (or, for {@code add}, its
   *     parent does not), naming the operation and its path
   */
  public static ObjectNode apply(ObjectNode document, List<PatchOp> ops) {
    ObjectNode result = document.deepCopy();
    for (PatchOp op : ops) {
      apply(result, op);
    }
    return result;
  }

  /** The operations as the JSON array an AdmissionReview's {@code patch} carries. */
  public static ArrayNode toJson(List<PatchOp> ops) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    ops.forEach(op -> array.add(op.toJson()));
    return array;
  }

  /** Escapes one reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer's reference tokens, unescaped. */
  static List<String> tokens(String pointer) {
    if (pointer.isEmpty()) {
      return List.of();
    }
    if (!pointer.startsWith("/")) {
      throw new JsonPatchException("path " + pointer + " (expected: empty or starting with /)");
    }
    List<String> tokens = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static void apply(ObjectNode root, PatchOp op) {
    List<String> tokens = tokens(op.path());
    if (tokens.isEmpty()) {
      throw new JsonPatchException(op.op() + " " + op.path() + ": the whole document");
    }
    JsonNode parent = root;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      parent = child(parent, token, op);
    }
    String last = tokens.getLast();
    if (parent instanceof ObjectNode object) {
      if (!op.op().equals("add") && !object.has(last)) {
        throw missing(op);
      }
      if (op.op().equals("remove")) {
        object.remove(last);
      } else {
        object.set(last, op.value().deepCopy());
      }
    } else if (parent instanceof ArrayNode array) {
      boolean append = last.equals("-") && op.op().equals("add");
      int index = append ? array.size() : index(last, op);
      int bound = op.op().equals("add") ? array.size() : array.size() - 1;
      if (index > bound) {
        throw new JsonPatchException(
            op.op() + " " + op.path() + ": index " + index + " beyond the array's " + array.size());
      }
      switch (op.op()) {
        case "add" -> array.insert(index, op.value().deepCopy());
        case "replace" -> array.set(index, op.value().deepCopy());
        default -> array.remove(index);
      }
    } else {
      throw missing(op);
    }
  }

  private static JsonNode child(JsonNode node, String token, PatchOp op) {
    JsonNode child =
        node.isArray() ? node.get(index(token, op)) : node.isObject() ? node.get(token) : null;
    if (child == null) {
      throw missing(op);
    }
    return child;
  }

  private static int index(String token, PatchOp op) {
    if (!token.matches("0|[1-9][0-9]{0,8}")) {
      throw new JsonPatchException(
          op.op() + " " + op.path() + ": " + token + " (expected: an array index)");
    }
    return Integer.parseInt(token);
  }

  private static JsonPatchException missing(PatchOp op) {
    return new JsonPatchException(op.op() + " " + op.path() + ": no such location in the document");
  }
}

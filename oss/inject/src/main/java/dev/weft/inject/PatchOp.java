package dev.weft.inject;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One RFC 6902 operation: {@code add}, {@code replace} or {@code remove} at a JSON Pointer path
 * (already escaped: {@code /metadata/annotations/weft.dev~1identity}). The value is null for {@code
 * remove}; the caller must not change it afterwards.
 */
public record PatchOp(String op, String path, JsonNode value) {
  public PatchOp {
    requireNonNull(op, "op");
    requireNonNull(path, "path");
    if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
      throw new IllegalArgumentException("op: " + op + " (expected: add, replace or remove)");
    }
    if (!op.equals("remove")) {
      requireNonNull(value, "value");
    }
  }

  public static PatchOp add(String path, JsonNode value) {
    return new PatchOp("add", path, value);
  }

  public static PatchOp replace(String path, JsonNode value) {
    return new PatchOp("replace", path, value);
  }

  public static PatchOp remove(String path) {
    return new PatchOp("remove", path, null);
  }

  /** The operation as RFC 6902 writes it: {@code {"op":"add","path":"...","value":...}}. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("op", op);
    node.put("path", path);
    if (value != null) {
      node.set("value", value.deepCopy());
    }
    return node;
  }
}

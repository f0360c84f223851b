package dev.weft.inject;

import static dev.weft.inject.Pods.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** add, replace and remove with escaped pointers, and the errors for paths that do not exist. */
class JsonPatchTest {
  @Test
  void addReplaceRemoveWithEscapedTokens() {
    ObjectNode doc = (ObjectNode) json("{'a': {'x/y': 1, 'm~n': 2}, 'list': [1, 2]}");
    ObjectNode result =
        JsonPatch.apply(
            doc,
            List.of(
                PatchOp.add("/a/" + JsonPatch.escape("weft.dev/identity"), TextNode.valueOf("id")),
                PatchOp.replace("/a/x~1y", json("3")),
                PatchOp.remove("/a/m~0n"),
                PatchOp.add("/list/0", json("0")),
                PatchOp.add("/list/-", json("9")),
                PatchOp.replace("/list/1", json("'one'")),
                PatchOp.remove("/list/2")));
    assertEquals(
        json("{'a': {'x/y': 3, 'weft.dev/identity': 'id'}, 'list': [0, 'one', 9]}"), result);
    assertEquals(
        json("{'a': {'x/y': 1, 'm~n': 2}, 'list': [1, 2]}"), doc, "the input is unchanged");
  }

  @Test
  void pathsThatDoNotExistAreRefusedByPath() {
    ObjectNode doc = (ObjectNode) json("{'spec': {'list': []}}");
    assertEquals(
        "add /spec/initContainers/0: no such location in the document",
        assertThrows(
                JsonPatchException.class,
                () ->
                    JsonPatch.apply(doc, List.of(PatchOp.add("/spec/initContainers/0", json("1")))))
            .getMessage());
    assertEquals(
        "add /spec/list/1: index 1 beyond the array's 0",
        assertThrows(
                JsonPatchException.class,
                () -> JsonPatch.apply(doc, List.of(PatchOp.add("/spec/list/1", json("1")))))
            .getMessage());
    assertThrows(
        JsonPatchException.class,
        () -> JsonPatch.apply(doc, List.of(PatchOp.replace("/spec/other", json("1")))));
    assertThrows(
        JsonPatchException.class,
        () -> JsonPatch.apply(doc, List.of(PatchOp.remove("/spec/list/0"))));
  }

  @Test
  void toJsonWritesRfc6902Objects() {
    assertEquals(
        json("[{'op': 'add', 'path': '/a', 'value': 1}, {'op': 'remove', 'path': '/b'}]"),
        JsonPatch.toJson(List.of(PatchOp.add("/a", json("1")), PatchOp.remove("/b"))));
  }
}

package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** The names an injected pod's additions carry, and list edits by name. */
final class Containers {
  static final String INIT = "weft-init";
  static final String PROXY = "weft-proxy";
  static final Set<String> INJECTED = Set.of(INIT, PROXY);
  static final Set<String> VOLUMES =
      Set.of("weft-identity-token", "weft-trust-anchors", "weft-init-xtables-lock");

  private Containers() {}

  /** Whether {@code spec.<list>} has an element named {@code name}. */
  static boolean has(JsonNode spec, String list, String name) {
    for (JsonNode element : spec.path(list)) {
      if (name.equals(element.path("name").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes the elements of {@code parent.<list>} whose name is in {@code names}, and the list when
   * that empties it.
   *
   * @return whether anything was removed
   */
  static boolean removeNamed(ObjectNode parent, String list, Set<String> names) {
    if (!(parent.get(list) instanceof ArrayNode array)) {
      return false;
    }
    boolean removed = false;
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      if (names.contains(it.next().path("name").asText(""))) {
        it.remove();
        removed = true;
      }
    }
    if (removed && array.isEmpty()) {
      parent.remove(list);
    }
    return removed;
  }
}

package dev.weft.inject;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * What the injector decided for one pod.
 *
 * @param inject whether the proxy is added (then {@code patch} is not empty)
 * @param reason one line saying why, starting with {@code injected: } or {@code skipped: }
 * @param warnings override annotations that were ignored, each naming the annotation and value
 * @param patch the RFC 6902 operations that turn the pod into the injected pod; empty when skipped
 */
public record Decision(boolean inject, String reason, List<String> warnings, List<PatchOp> patch) {
  public Decision {
    requireNonNull(reason, "reason");
    warnings = List.copyOf(warnings);
    patch = List.copyOf(patch);
  }

  static Decision skipped(String why) {
    return new Decision(false, "skipped: " + why, List.of(), List.of());
  }

  /** The patch as a JSON array (empty when skipped). */
  public ArrayNode patchJson() {
    return JsonPatch.toJson(patch);
  }
}

package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a {@link TemplateEdit} to every workload of the manifests, in place and in order, the
 * items of a {@code kind: List} included; other objects pass through untouched. Returns one summary
 * line per object.
 */
final class ManifestTransform {
  private final TemplateEdit edit;

  ManifestTransform(TemplateEdit edit) {
    this.edit = edit;
  }

  List<String> apply(List<Manifest> manifests) {
    List<String> summary = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.tree().path("kind").asText("").equals("List")) {
        for (JsonNode item : m.tree().path("items")) {
          if (item instanceof ObjectNode o) {
            summary.add(one(o));
          }
        }
      } else {
        summary.add(one((ObjectNode) m.tree()));
      }
    }
    return summary;
  }

  private String one(ObjectNode object) {
    String what = Workload.describe(object);
    Optional<Workload> workload = Workload.of(object);
    if (workload.isEmpty()) {
      return what + " skipped (not a workload)";
    }
    String namespace = object.path("metadata").path("namespace").asText("");
    String skipped =
        edit.apply(workload.get().podTemplate(), namespace.isEmpty() ? "default" : namespace);
    return skipped == null ? what + " " + edit.done() : what + " skipped: " + skipped;
  }
}

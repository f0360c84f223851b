package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes inject, and a manual injection: the {@code weft.dev/*} and {@code config.weft.dev/*}
 * annotations, the {@code weft-init} and {@code weft-proxy} containers, the identity and trust
 * volumes and any mount of them left in the application's containers (Kubernetes rejects a mount of
 * a volume that is gone).
 */
final class UninjectEdit implements TemplateEdit {
  @Override
  public String apply(ObjectNode template) {
    boolean changed = false;
    if (template.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      List<String> keys = new ArrayList<>();
      annotations
          .fieldNames()
          .forEachRemaining(k -> {
            if (k.equals(Annotations.INJECT)
                || k.equals(Annotations.PROXY_VERSION)
                || k.equals(Annotations.IDENTITY)
                || k.startsWith(Annotations.CONFIG_PREFIX)) {
              keys.add(k);
            }
          });
      annotations.remove(keys);
      changed = !keys.isEmpty();
    }
    if (template.get("spec") instanceof ObjectNode spec) {
      changed |= Containers.removeNamed(spec, "initContainers", Containers.INJECTED);
      changed |= Containers.removeNamed(spec, "containers", Containers.INJECTED);
      changed |= Containers.removeNamed(spec, "volumes", Containers.VOLUMES);
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode container : spec.path(list)) {
          if (container instanceof ObjectNode c) {
            changed |= Containers.removeNamed(c, "volumeMounts", Containers.VOLUMES);
          }
        }
      }
    }
    if (!changed) {
      return "not injected";
    }
    Annotations.pruneEmpty(template);
    return null;
  }

  @Override
  public String done() {
    return "uninjected";
  }
}

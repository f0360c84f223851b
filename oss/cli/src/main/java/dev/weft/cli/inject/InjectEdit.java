package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Marks a pod template for the webhook: {@code weft.dev/inject: enabled} and the {@code
 * config.weft.dev/*} overrides given on the command line. Skips what the webhook would never inject
 * (host-network pods, pods that already run a proxy), so the summary says so now rather than the
 * pods coming up without a proxy later.
 */
final class InjectEdit implements TemplateEdit {
  private final Map<String, String> overrides;

  /** {@code overrides}: annotation key to value, in the order they are written. */
  InjectEdit(Map<String, String> overrides) {
    this.overrides = new LinkedHashMap<>(overrides);
  }

  @Override
  public String apply(ObjectNode template) {
    JsonNode spec = template.path("spec");
    if (spec.path("hostNetwork").asBoolean(false)) {
      return "hostNetwork";
    }
    if (Containers.has(spec, "containers", Containers.PROXY)
        || Containers.has(spec, "initContainers", Containers.PROXY)) {
      return "already injected (it has a " + Containers.PROXY + " container)";
    }
    ObjectNode annotations = Annotations.of(template);
    annotations.put(Annotations.INJECT, "enabled");
    overrides.forEach(annotations::put);
    return null;
  }

  @Override
  public String done() {
    return "injected";
  }
}

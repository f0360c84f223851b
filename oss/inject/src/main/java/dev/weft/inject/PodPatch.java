package dev.weft.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations that turn a pod into an injected one. Explicit ops rather than a diff of two
 * documents: each says what it adds, a missing map or array is added empty first (an {@code add}
 * into an absent parent fails), and indexes are fixed so the proxy's place is the same whatever the
 * pod already had.
 */
final class PodPatch {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PodPatch() {}

  static List<PatchOp> build(
      PodView pod,
      InjectorConfig config,
      ProxySettings settings,
      String identity,
      Map<String, String> extraEnv) {
    ProxyContainers containers = new ProxyContainers(config, settings);
    List<PatchOp> ops = new ArrayList<>();
    ObjectNode metadata = pod.metadata();
    if (metadata == null) {
      ops.add(PatchOp.add("/metadata", JSON.objectNode()));
    }
    JsonNode annotations = metadata == null ? null : metadata.get("annotations");
    if (annotations == null || annotations.isNull()) {
      ops.add(PatchOp.add("/metadata/annotations", JSON.objectNode()));
    }
    ops.add(annotation(Annotations.PROXY_VERSION, config.version()));
    ops.add(annotation(Annotations.IDENTITY, identity));
    if (pod.specArray("initContainers") == null) {
      ops.add(PatchOp.add("/spec/initContainers", JSON.arrayNode()));
    }
    // weft-init first: the redirect must exist before any other container opens a connection.
    ops.add(PatchOp.add("/spec/initContainers/0", containers.init()));
    if (settings.sidecarMode() == SidecarMode.NATIVE) {
      // Right after weft-init, so the pod's own init containers already run behind the proxy.
      ops.add(PatchOp.add("/spec/initContainers/1", containers.proxy(identity, extraEnv)));
    } else {
      if (pod.specArray("containers") == null) {
        ops.add(PatchOp.add("/spec/containers", JSON.arrayNode()));
      }
      ops.add(PatchOp.add("/spec/containers/0", containers.proxy(identity, extraEnv)));
    }
    if (pod.specArray("volumes") == null) {
      ops.add(PatchOp.add("/spec/volumes", JSON.arrayNode()));
    }
    ops.add(PatchOp.add("/spec/volumes/-", containers.tokenVolume()));
    ops.add(PatchOp.add("/spec/volumes/-", containers.trustVolume()));
    ops.add(PatchOp.add("/spec/volumes/-", containers.xtablesVolume()));
    return ops;
  }

  private static PatchOp annotation(String name, String value) {
    return PatchOp.add("/metadata/annotations/" + JsonPatch.escape(name), JSON.textNode(value));
  }
}

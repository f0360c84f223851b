package dev.weft.controlplane.inject;

import java.util.Map;

/**
 * The annotations and labels of a namespace, which decide injection for pods that say nothing
 * themselves. Called on the webhook's request threads; may block briefly.
 */
@FunctionalInterface
public interface NamespaceMetadata {
  /** Metadata of one namespace; both maps are empty when it has none (or is not known). */
  record Namespace(Map<String, String> annotations, Map<String, String> labels) {
    public static final Namespace EMPTY = new Namespace(Map.of(), Map.of());

    public Namespace {
      annotations = Map.copyOf(annotations);
      labels = Map.copyOf(labels);
    }
  }

  /** Local mode has no namespaces: only the pod's own annotation counts. */
  NamespaceMetadata NONE = name -> Namespace.EMPTY;

  /**
   * The namespace {@code name}.
   *
   * @throws NamespaceLookupException when it cannot be read (the pod is then admitted without the
   *     proxy, and the reason logged)
   */
  Namespace get(String name);
}

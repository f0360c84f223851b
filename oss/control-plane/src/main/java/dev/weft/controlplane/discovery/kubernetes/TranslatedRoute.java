package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.Route;
import java.util.List;

/**
 * An HTTPRoute or GRPCRoute as Weft reads it.
 *
 * @param source {@code HTTPRoute ns/name}, for policies' source and errors
 * @param parents the Services it attaches to
 * @param routes one per rule, in order; empty when {@code errors} is not
 * @param errors why the object is skipped, each naming its field
 */
record TranslatedRoute(
    String source, List<ParentService> parents, List<Route> routes, List<String> errors) {
  TranslatedRoute {
    parents = List.copyOf(parents);
    routes = List.copyOf(routes);
    errors = List.copyOf(errors);
  }

  /** True if the route applies to {@code port} of Service {@code namespace/name}. */
  boolean appliesTo(String namespace, String name, int port) {
    for (ParentService parent : parents) {
      if (parent.namespace().equals(namespace)
          && parent.name().equals(name)
          && (parent.port() == null || parent.port() == port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A Service named by a parentRef (GAMMA: {@code kind: Service}, core group).
   *
   * @param port the Service port it is limited to, or null for all
   */
  record ParentService(String namespace, String name, Integer port) {
    String key() {
      return namespace + "/" + name;
    }
  }
}

package dev.weft.compliance.fleet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.parsers.JsonParser;

/**
 * A Weft component's own SBOM (its jar's {@code META-INF/sbom/bom.json}) moved under that component
 * in the fleet SBOM: its libraries become nested components and its dependency graph joins the
 * document's. A bom-ref must be unique in a document and two versions of the proxy list the same
 * libraries, so every ref is prefixed with the component's; the SBOM's subject (its {@code
 * metadata.component}) becomes the component itself.
 */
final class EmbeddedSbom {
  private final List<Component> libraries;
  private final List<Dependency> dependencies;
  private final int count;

  private EmbeddedSbom(List<Component> libraries, List<Dependency> dependencies, int count) {
    this.libraries = libraries;
    this.dependencies = dependencies;
    this.count = count;
  }

  /**
   * @param ref the bom-ref of the component the SBOM describes, in the fleet SBOM
   * @throws ParseException when the bytes are not a CycloneDX JSON document
   */
  static EmbeddedSbom rebase(byte[] json, String ref) throws ParseException {
    Bom bom = new JsonParser().parse(json);
    String subject =
        bom.getMetadata() == null || bom.getMetadata().getComponent() == null
            ? null
            : bom.getMetadata().getComponent().getBomRef();
    String prefix = ref + "/";
    Set<String> known = new HashSet<>();
    List<Component> libraries = bom.getComponents() == null ? List.of() : bom.getComponents();
    int count = rename(libraries, prefix, known);
    Map<String, Dependency> graph = new LinkedHashMap<>();
    if (bom.getDependencies() != null) {
      for (Dependency d : bom.getDependencies()) {
        String from = map(d.getRef(), subject, ref, prefix, known);
        if (from == null) {
          continue;
        }
        Dependency copy = graph.computeIfAbsent(from, Dependency::new);
        if (d.getDependencies() != null) {
          for (Dependency to : d.getDependencies()) {
            String target = map(to.getRef(), subject, ref, prefix, known);
            if (target != null && !target.equals(from)) {
              copy.addDependency(new Dependency(target));
            }
          }
        }
      }
    }
    if (!graph.containsKey(ref)) {
      // An SBOM without a graph for its subject: the component depends on all it lists.
      Dependency all = new Dependency(ref);
      for (Component c : libraries) {
        if (c.getBomRef() != null) {
          all.addDependency(new Dependency(c.getBomRef()));
        }
      }
      graph.put(ref, all);
    }
    return new EmbeddedSbom(libraries, new ArrayList<>(graph.values()), count);
  }

  /** The libraries, to nest under the component. */
  List<Component> libraries() {
    return libraries;
  }

  /** The graph, refs rebased, the component's own entry included. */
  List<Dependency> dependencies() {
    return dependencies;
  }

  /** How many libraries, nested ones included. */
  int count() {
    return count;
  }

  private static int rename(List<Component> components, String prefix, Set<String> known) {
    int n = 0;
    for (Component c : components) {
      n++;
      if (c.getBomRef() != null) {
        c.setBomRef(prefix + c.getBomRef());
        known.add(c.getBomRef());
      }
      if (c.getComponents() != null) {
        n += rename(c.getComponents(), prefix, known);
      }
    }
    return n;
  }

  /** A ref of the embedded graph in the fleet SBOM, or null for one naming no component. */
  private static String map(
      String old, String subject, String ref, String prefix, Set<String> known) {
    if (old == null) {
      return null;
    }
    if (old.equals(subject)) {
      return ref;
    }
    return known.contains(prefix + old) ? prefix + old : null;
  }
}

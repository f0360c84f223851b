package dev.weft.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The charts under test, rendered with helm-java and read back as the control plane's fabric8. */
final class Charts {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String NAMESPACE = "weft";

  private Charts() {}

  /** The helm/ directory (set by the build; the working directory when run from an IDE). */
  static Path root() {
    return Path.of(System.getProperty("weft.charts", ".")).toAbsolutePath().normalize();
  }

  static Path weft() {
    return root().resolve("weft");
  }

  static Path crds() {
    return root().resolve("weft-crds");
  }

  /** Renders a chart in namespace weft with the given values files and --set pairs. */
  static String template(Path chart, List<Path> valuesFiles, Map<String, Object> sets) {
    return template(chart, valuesFiles, sets, UnaryOperator.identity());
  }

  static String template(
      Path chart,
      List<Path> valuesFiles,
      Map<String, Object> sets,
      UnaryOperator<TemplateCommand> more) {
    TemplateCommand command = new Helm(chart).template().withName("weft").withNamespace(NAMESPACE);
    for (Path f : valuesFiles) {
      command = command.withValuesFile(f);
    }
    for (Map.Entry<String, Object> e : sets.entrySet()) {
      command = command.set(e.getKey(), e.getValue());
    }
    return more.apply(command).call();
  }

  /**
   * Every document of a rendering as its typed fabric8 class; a kind fabric8 does not know (which
   * would come back generic) fails here.
   */
  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : (manifests == null ? "" : manifests).split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      HasMetadata object = SERIALIZATION.unmarshal(doc, HasMetadata.class);
      if (object instanceof GenericKubernetesResource) {
        throw new AssertionError(
            "not a typed object: " + object.getApiVersion() + "/" + object.getKind());
      }
      objects.add(object);
    }
    return objects;
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
    return find(objects, type, name)
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  static <T extends HasMetadata> Optional<T> find(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst();
  }
}

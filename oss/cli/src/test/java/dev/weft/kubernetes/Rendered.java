package dev.weft.kubernetes;

import dev.weft.cli.Weft;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** What {@code weft install ARGS} printed, read into fabric8's typed objects. */
record Rendered(List<HasMetadata> objects) {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Runs {@code weft install} in-process; a non-zero exit fails with what it printed. */
  static Rendered install(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Weft.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> command = new ArrayList<>(List.of("install"));
    command.addAll(List.of(args));
    int code = cli.execute(command.toArray(String[]::new));
    if (code != 0) {
      throw new AssertionError("weft " + command + " exited with " + code + ": " + err);
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : out.toString().split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      HasMetadata o = SERIALIZATION.unmarshal(doc, HasMetadata.class);
      if (o instanceof GenericKubernetesResource) {
        throw new AssertionError("not a typed object: " + o.getApiVersion() + "/" + o.getKind());
      }
      objects.add(o);
    }
    return new Rendered(List.copyOf(objects));
  }

  /** The one object of this kind and name; none or several fail. */
  <T extends HasMetadata> T one(Class<T> kind, String name) {
    List<T> found =
        objects.stream()
            .filter(kind::isInstance)
            .map(kind::cast)
            .filter(o -> o.getMetadata().getName().equals(name))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " " + kind.getSimpleName() + " named " + name + " rendered (expected 1)");
    }
    return found.getFirst();
  }
}

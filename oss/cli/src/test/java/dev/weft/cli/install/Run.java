package dev.weft.cli.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.weft.cli.Weft;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code weft ARGS} run in-process, with what it printed; and the typed reading of manifests. */
record Run(int exitCode, String out, String err) {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Run weft(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Weft.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A chart of the checkout (helm/NAME), as {@code helm template} would render it. */
  static TemplateCommand helmTemplate(String chart, String release, String namespace) {
    Path root = Path.of(System.getProperty("weft.root", "../.."));
    return new Helm(root.resolve("helm").resolve(chart))
        .template()
        .withName(release)
        .withNamespace(namespace);
  }

  /** Every document as its typed fabric8 class (a kind fabric8 does not know fails). */
  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : manifests.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      HasMetadata o = SERIALIZATION.unmarshal(doc, HasMetadata.class);
      if (o instanceof GenericKubernetesResource) {
        throw new AssertionError("not a typed object: " + o.getApiVersion() + "/" + o.getKind());
      }
      objects.add(o);
    }
    return objects;
  }
}

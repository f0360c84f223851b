package dev.weft.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control plane's configuration properties as its documentation tables list them
 * (docs/control-plane.md, docs/injection.md), in their environment-variable form: what a Deployment
 * may set. SmallRye Config ignores an environment variable that maps to no property, so a misspelt
 * one would otherwise go unnoticed.
 */
final class DocumentedConfig {
  private static final Pattern PROPERTY = Pattern.compile("`((?:weft|quarkus)\\.[a-z0-9.-]+)`");

  private DocumentedConfig() {}

  /** {@code WEFT_INJECTOR_TLS_CERT} for {@code weft.injector.tls-cert}, and so on. */
  static Set<String> environmentNames(Path root) throws Exception {
    Set<String> names = new TreeSet<>();
    for (String doc : new String[] {"docs/control-plane.md", "docs/injection.md"}) {
      for (String line : Files.readAllLines(root.resolve(doc))) {
        if (!line.startsWith("|")) {
          continue; // only the tables: prose may name properties of other programs
        }
        Matcher m = PROPERTY.matcher(line);
        while (m.find()) {
          names.add(m.group(1).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
        }
      }
    }
    if (!names.contains("WEFT_MODE")) {
      throw new AssertionError("no property table found in the docs: " + names);
    }
    return names;
  }
}

package dev.weft.controlplane.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CycloneDX SBOM the build wrote into the running application's jar, as {@value #RESOURCE}.
 * Every Weft jar carries one, and the enterprise control plane runs the OSS control plane's jar
 * too: the SBOM served is the one whose subject (metadata.component) is the application by name,
 * which is the module's artifactId.
 */
@Singleton
public class EmbeddedSbom {
  public static final String RESOURCE = "META-INF/sbom/bom.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String application;
  private final ClassLoader loader;
  private volatile Optional<byte[]> json;

  @Inject
  EmbeddedSbom(@ConfigProperty(name = "quarkus.application.name") String application) {
    this(application, EmbeddedSbom.class.getClassLoader());
  }

  EmbeddedSbom(String application, ClassLoader loader) {
    this.application = application;
    this.loader = loader;
  }

  /** The application's SBOM, found once; empty when its jar carries none. */
  public Optional<byte[]> json() {
    Optional<byte[]> found = json;
    if (found == null) {
      found = find().map(Found::json);
      json = found;
    }
    return found;
  }

  /** A message for a request that finds no SBOM, naming the SBOMs that are there. */
  public String missing() {
    List<String> others = find().isPresent() ? List.of() : subjects();
    return "no SBOM: no "
        + RESOURCE
        + " on the class path describes "
        + application
        + (others.isEmpty() ? "" : " (there are SBOMs of " + String.join(", ", others) + ")")
        + "; the build that made it skipped SBOMs (-Dcyclonedx.skip=true, or Maven offline)\n";
  }

  private record Found(String subject, byte[] json) {}

  private Optional<Found> find() {
    return all().stream().filter(f -> f.subject().equals(application)).findFirst();
  }

  private List<String> subjects() {
    return all().stream().map(Found::subject).toList();
  }

  private List<Found> all() {
    List<Found> all = new ArrayList<>();
    try {
      Enumeration<URL> urls = loader.getResources(RESOURCE);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        byte[] bytes = read(url);
        JsonNode name;
        try {
          name = JSON.readTree(bytes).path("metadata").path("component").path("name");
        } catch (IOException e) {
          throw new UncheckedIOException(url + " is not JSON: " + e.getMessage(), e);
        }
        if (name.isTextual()) {
          all.add(new Found(name.asText(), bytes));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + RESOURCE + " on the class path", e);
    }
    return all;
  }

  private static byte[] read(URL url) throws IOException {
    URLConnection c = url.openConnection();
    // Not the JVM-wide jar cache: it would keep every jar open for a single read.
    c.setUseCaches(false);
    try (InputStream in = c.getInputStream()) {
      return in.readAllBytes();
    }
  }
}

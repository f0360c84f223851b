package dev.weft.proxy.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Enumeration;
import java.util.Optional;

/**
 * The CycloneDX SBOM the build wrote into a component's own jar, as {@value #RESOURCE}. Every Weft
 * jar carries one, and several sit on the proxy's class path (weft-spi's, for one): the SBOM served
 * is the one beside the anchor class, never merely the first the class loader finds.
 */
public final class EmbeddedSbom {
  public static final String RESOURCE = "META-INF/sbom/bom.json";

  private final Class<?> anchor;
  private final String resource;
  private volatile Optional<byte[]> json;

  private EmbeddedSbom(Class<?> anchor, String resource) {
    this.anchor = anchor;
    this.resource = resource;
  }

  /** The SBOM of the jar (or classes directory) that holds {@code anchor}. */
  public static EmbeddedSbom of(Class<?> anchor) {
    return new EmbeddedSbom(anchor, RESOURCE);
  }

  /** Same, under another resource name: how tests stand for a build without an SBOM. */
  static EmbeddedSbom of(Class<?> anchor, String resource) {
    return new EmbeddedSbom(anchor, resource);
  }

  /** The SBOM's JSON, read once; empty when the jar carries none. */
  public Optional<byte[]> json() {
    Optional<byte[]> read = json;
    if (read == null) {
      read = read();
      json = read;
    }
    return read;
  }

  /** Where the SBOM is looked for: the anchor's jar or directory. */
  public String origin() {
    return codeBase();
  }

  /** A message for a request that finds no SBOM. */
  public String missing() {
    return "no SBOM: "
        + resource
        + " is missing from "
        + origin()
        + " (the build that made it skipped SBOMs: -Dcyclonedx.skip=true, or Maven offline)\n";
  }

  private String codeBase() {
    String self = anchor.getName().replace('.', '/') + ".class";
    URL url = anchor.getClassLoader().getResource(self);
    if (url == null) {
      throw new IllegalStateException("class " + anchor.getName() + " has no resource " + self);
    }
    String s = url.toString();
    return s.substring(0, s.length() - self.length());
  }

  private Optional<byte[]> read() {
    String wanted = codeBase() + resource;
    try {
      Enumeration<URL> found = anchor.getClassLoader().getResources(resource);
      while (found.hasMoreElements()) {
        URL url = found.nextElement();
        if (url.toString().equals(wanted)) {
          URLConnection c = url.openConnection();
          // Not the JVM-wide jar cache: it would keep the jar open for a single read.
          c.setUseCaches(false);
          try (InputStream in = c.getInputStream()) {
            return Optional.of(in.readAllBytes());
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wanted, e);
    }
  }
}

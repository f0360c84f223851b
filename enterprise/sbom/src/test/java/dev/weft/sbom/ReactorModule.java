package dev.weft.sbom;

import java.nio.file.Path;
import java.util.List;

/**
 * A module of the build as its pom declares it: coordinates, packaging, where its jar is and the
 * dependencies it declares.
 */
record ReactorModule(
    Path dir,
    String groupId,
    String artifactId,
    String version,
    String packaging,
    String finalName,
    List<Declared> dependencies) {

  /** A dependency as declared: {@code version} is as written (a property, or null from a BOM). */
  record Declared(String groupId, String artifactId, String version, String scope) {
    String key() {
      return groupId + ":" + artifactId;
    }
  }

  String key() {
    return groupId + ":" + artifactId;
  }

  boolean enterprise() {
    return groupId.startsWith("dev.weft.enterprise");
  }

  /** The jar {@code package} writes. */
  Path jar() {
    return dir.resolve("target").resolve(finalName + ".jar");
  }

  /** The purl the CycloneDX plugin gives the module itself. */
  String purl() {
    return "pkg:maven/" + groupId + "/" + artifactId + "@" + version + "?type=" + packaging;
  }
}

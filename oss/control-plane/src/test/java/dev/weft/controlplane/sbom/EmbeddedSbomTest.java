package dev.weft.controlplane.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of the SBOMs on a class path is the application's: the enterprise control plane runs the
 * OSS control plane's jar, and both carry one.
 */
class EmbeddedSbomTest {
  @TempDir Path dir;

  private URL jarWithSbomOf(String name) throws IOException {
    Path root = dir.resolve(name);
    Path file = root.resolve(EmbeddedSbom.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"bomFormat":"CycloneDX","specVersion":"1.6",
         "metadata":{"component":{"type":"application","group":"dev.weft","name":"%s"}}}
        """
            .formatted(name));
    return root.toUri().toURL();
  }

  private static String text(Optional<byte[]> json) {
    return new String(json.orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void picksTheApplicationsOwnSbomWhereverItIsOnTheClassPath() throws IOException {
    URL oss = jarWithSbomOf("weft-control-plane");
    URL enterprise = jarWithSbomOf("weft-enterprise-control-plane");
    URL api = jarWithSbomOf("weft-api");
    for (URL[] path : new URL[][] {{oss, api, enterprise}, {enterprise, oss, api}}) {
      try (URLClassLoader loader = new URLClassLoader(path, null)) {
        assertTrue(
            text(new EmbeddedSbom("weft-enterprise-control-plane", loader).json())
                .contains("\"name\":\"weft-enterprise-control-plane\""));
        assertTrue(
            text(new EmbeddedSbom("weft-control-plane", loader).json())
                .contains("\"name\":\"weft-control-plane\""));
      }
    }
  }

  @Test
  void noneOfItsOwnIsEmptyAndTheMessageNamesTheOthers() throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jarWithSbomOf("weft-api")}, null)) {
      EmbeddedSbom sbom = new EmbeddedSbom("weft-control-plane", loader);
      assertEquals(Optional.empty(), sbom.json());
      assertEquals(
          "no SBOM: no META-INF/sbom/bom.json on the class path describes weft-control-plane"
              + " (there are SBOMs of weft-api); the build that made it skipped SBOMs"
              + " (-Dcyclonedx.skip=true, or Maven offline)\n",
          sbom.missing());
    }
  }
}

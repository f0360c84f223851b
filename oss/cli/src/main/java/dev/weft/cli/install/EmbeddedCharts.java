package dev.weft.cli.install;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The charts the build copies into this jar ({@code charts/weft}, {@code charts/weft-crds}),
 * written out to a temporary directory: Helm reads a chart from the file system. {@link #close}
 * deletes it.
 */
final class EmbeddedCharts implements AutoCloseable {
  private final Path dir;

  private EmbeddedCharts(Path dir) {
    this.dir = dir;
  }

  static EmbeddedCharts extract() throws InstallException {
    URL marker = EmbeddedCharts.class.getResource("/charts/weft/Chart.yaml");
    if (marker == null) {
      throw new InstallException(
          InstallException.FAILED,
          "the charts are missing from this build of weft: rebuild it (./mvnw -pl oss/cli -am package)");
    }
    try {
      Path dir = Files.createTempDirectory("weft-charts");
      URI uri = marker.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copy(jar.getPath("/charts"), dir);
        }
      } else {
        copy(Path.of(uri).getParent().getParent(), dir);
      }
      return new EmbeddedCharts(dir);
    } catch (IOException | URISyntaxException e) {
      throw new InstallException(
          InstallException.FAILED,
          "cannot write the charts to a temporary directory: " + e + ": check TMPDIR",
          e);
    }
  }

  Path chart(String name) {
    return dir.resolve(name);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing an install that succeeded.
    }
  }
}

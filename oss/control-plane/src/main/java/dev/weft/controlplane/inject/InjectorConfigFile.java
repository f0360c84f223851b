package dev.weft.controlplane.inject;

import dev.weft.inject.InjectorConfig;
import dev.weft.inject.ParsedInjectorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Reads {@code weft.injector.config} (proxy.json) once, at start. */
final class InjectorConfigFile {
  private static final Logger LOG = Logger.getLogger(InjectorConfigFile.class);

  private InjectorConfigFile() {}

  /**
   * The injector's config: the file's, or every default when no file is configured or it does not
   * exist (both logged, so an unmounted ConfigMap is visible).
   *
   * @throws IllegalArgumentException naming the file and every bad key
   */
  static InjectorConfig load(Optional<String> file) {
    if (file.isEmpty()) {
      LOG.info("injector: no weft.injector.config set; using the default proxy settings");
      return InjectorConfig.defaults();
    }
    Path path = Path.of(file.get());
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      LOG.infof("injector: %s does not exist; using the default proxy settings", path);
      return InjectorConfig.defaults();
    } catch (IOException e) {
      throw new IllegalArgumentException("injector config " + path + ": cannot read: " + e, e);
    }
    ParsedInjectorConfig parsed = InjectorConfig.parse(text);
    if (!parsed.unknownKeys().isEmpty()) {
      LOG.warnf(
          "injector config %s: unknown keys ignored: %s",
          path, String.join(", ", parsed.unknownKeys()));
    }
    if (!parsed.ok()) {
      throw new IllegalArgumentException(
          "injector config " + path + ": " + String.join("; ", parsed.errors()));
    }
    LOG.infof("injector: proxy settings from %s", path);
    return parsed.config();
  }
}

package dev.weft.proxy.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The SHA-256 of the jar a class was loaded from: what an auditor compares with the digest of the
 * released artifact. Reads the whole jar, so never on an event loop.
 */
final class JarDigest {
  private static final Logger LOG = Logger.getLogger(JarDigest.class.getName());

  private JarDigest() {}

  /** Lower-case hex, or empty when {@code anchor} does not come from a jar file (IDE, tests). */
  static String of(Class<?> anchor) {
    CodeSource source = anchor.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null) {
      return "";
    }
    Path path;
    try {
      path = Path.of(location.toURI());
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      // Not a local file (a nested or remote code base): there is no jar of ours to digest.
      return "";
    }
    return Files.isRegularFile(path) ? of(path) : "";
  }

  /** Lower-case hex SHA-256 of {@code file}; empty, with a warning, when it cannot be read. */
  static String of(Path file) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      // The heartbeat still says what runs, only without the digest that proves it.
      LOG.warning(() -> "cannot digest " + file + " for fleet heartbeats: " + e);
      return "";
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}

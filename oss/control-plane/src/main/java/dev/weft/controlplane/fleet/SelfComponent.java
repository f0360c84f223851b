package dev.weft.controlplane.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The control plane as its own inventory lists it.
 *
 * @param sha256 lower-case hex SHA-256 of the jar it runs from, or null (classes on disk)
 * @param sbom its embedded SBOM, if its build wrote one
 */
public record SelfComponent(
    String instance,
    String version,
    String sha256,
    String identity,
    String namespace,
    Instant startedAt,
    Optional<byte[]> sbom) {

  /**
   * This process: named by {@code HOSTNAME} (the pod's name in Kubernetes) else {@code HOST/PID},
   * started when the JVM did, the digest of the jar {@code application} was loaded from.
   */
  public static SelfComponent describe(
      Class<?> application,
      String version,
      String identity,
      String namespace,
      Optional<byte[]> sbom) {
    return new SelfComponent(
        instanceName(),
        version,
        jarSha256(application),
        identity,
        namespace,
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
        sbom);
  }

  private static String instanceName() {
    String hostname = System.getenv("HOSTNAME");
    if (hostname != null && !hostname.isBlank()) {
      return hostname;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost"; // a name is all this is for; the pid still sets it apart
    }
    return host + "/" + ProcessHandle.current().pid();
  }

  /** Null when the class does not come from a jar file (an IDE, the build's test run). */
  static String jarSha256(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    Path jar;
    try {
      jar = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null; // not a file: nothing to digest
    }
    if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
      return null;
    }
    try (InputStream in = Files.newInputStream(jar)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar + " to digest it", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}

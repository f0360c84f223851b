package dev.weft.proxy.fleet;

import dev.weft.proxy.ProxyMain;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a proxy says about itself in every heartbeat, apart from its traffic. Built once, on the
 * reporter's thread: naming the host may ask DNS, and digesting the jar reads megabytes.
 *
 * @param instance the name the inventory lists this process under, unique in the mesh
 * @param version the proxy's version
 * @param sha256 lower-case hex SHA-256 of the proxy's jar, or empty when it runs from classes
 * @param identity the workload identity the proxy serves, or empty
 * @param zone the proxy's zone, or empty
 * @param startedAt when the process started: the counters in the edges count from here
 */
public record ReportedSelf(
    String instance,
    String version,
    String sha256,
    String identity,
    String zone,
    Instant startedAt) {
  public ReportedSelf {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /**
   * This process as a proxy configured with {@code instance} (empty: not configured) reports it,
   * the jar being the one {@code anchor} was loaded from.
   */
  public static ReportedSelf of(
      String instance, String identity, String zone, Class<?> anchor, Map<String, String> env) {
    return new ReportedSelf(
        instance(instance, env),
        ProxyMain.version(),
        JarDigest.of(anchor),
        identity,
        zone,
        ProcessHandle.current().info().startInstant().orElseGet(Instant::now));
  }

  /**
   * The configured name, else {@code HOSTNAME} (a pod's name in Kubernetes, where the injector
   * configures it anyway), else {@code HOST/PID}: processes on one host need the pid to differ.
   */
  static String instance(String configured, Map<String, String> env) {
    if (!configured.isEmpty()) {
      return configured;
    }
    String host = env.get("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host.trim();
    }
    return localHostName() + "/" + ProcessHandle.current().pid();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // A host that cannot name itself still has a loopback; the pid keeps the name apart.
      return "localhost";
    }
  }
}

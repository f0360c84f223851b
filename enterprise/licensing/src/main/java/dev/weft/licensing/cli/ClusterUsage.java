package dev.weft.licensing.cli;

import dev.weft.licensing.License;
import dev.weft.licensing.cluster.ClusterAccess;
import dev.weft.licensing.cluster.LicenseSecret;
import dev.weft.licensing.cluster.MeshedFleet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code weft license show} reads from the cluster: the key in Secret {@code weft-license}
 * when none is given on this machine, and the meshed fleet compared with the limit.
 */
final class ClusterUsage {
  private final String namespace;
  private final Path kubeconfig;
  private final String context;
  private final boolean explicit;
  private final Map<String, String> environment;
  private boolean keyFromCluster;

  /** The key, or why it could not be read (one line). */
  record KeyRead(String key, String error) {}

  ClusterUsage(String namespace, Path kubeconfig, String context, Map<String, String> environment) {
    this.namespace = namespace == null ? "weft" : namespace;
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.explicit = namespace != null || kubeconfig != null || context != null;
    this.environment = environment;
  }

  KeyRead readKey() {
    keyFromCluster = true;
    String where = LicenseSecret.describe(namespace);
    try (KubernetesClient client = ClusterAccess.connect(kubeconfig, context)) {
      String key = LicenseSecret.read(client, namespace);
      if (key == null || key.isBlank()) {
        return new KeyRead(
            null,
            "no license key configured: no --license-file, WEFT_LICENSE or WEFT_LICENSE_FILE,"
                + " and no "
                + where
                + ": give one of them");
      }
      return new KeyRead(key, null);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      return new KeyRead(
          null,
          "no license key configured: no --license-file, WEFT_LICENSE or WEFT_LICENSE_FILE, and "
              + where
              + " cannot be read ("
              + oneLine(e)
              + "): give one of them, or check --kubeconfig/--context");
    }
  }

  /**
   * Prints {@code usage: N meshed workloads of LIMIT (M pods)} when a cluster is configured (the
   * key came from it, a cluster option was given, or a kubeconfig exists), and a warning line when
   * over the limit. A cluster that cannot be read is mentioned only when it was asked for.
   */
  void printUsage(License license, PrintWriter out, PrintWriter err) {
    if (!keyFromCluster && !explicit && !kubeconfigAround()) {
      return;
    }
    Long limit =
        license.meshedWorkloads().isPresent() ? license.meshedWorkloads().getAsLong() : null;
    MeshedFleet fleet;
    try (KubernetesClient client = ClusterAccess.connect(kubeconfig, context)) {
      fleet = MeshedFleet.count(client);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      if (keyFromCluster || explicit) {
        err.println("weft: warning: usage not counted: " + oneLine(e));
      }
      return;
    }
    out.println("usage: " + fleet.usage(limit));
    if (fleet.over(limit)) {
      err.println(
          "weft: warning: "
              + fleet.workloads()
              + " meshed workloads is over license "
              + license.id()
              + "'s limit of "
              + limit
              + ": traffic is not affected; ask for a license with a larger limit");
    }
  }

  private boolean kubeconfigAround() {
    String env = environment.get("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return true;
    }
    String home = environment.get("HOME");
    return home != null && Files.isRegularFile(Path.of(home, ".kube", "config"));
  }

  private static String oneLine(Exception e) {
    return e instanceof IllegalArgumentException ? e.getMessage() : ClusterAccess.reason(e);
  }
}

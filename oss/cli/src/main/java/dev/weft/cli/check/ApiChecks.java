package dev.weft.cli.check;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.kube.Kube;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;

/**
 * Whether the API answers, and whether its version has native sidecars (1.29+, where the proxy runs
 * as an init container that keeps running). An unreachable API is not a failed check but the
 * command's exit 3: nothing else can be checked.
 */
final class ApiChecks {
  static final int NATIVE_SIDECAR_MINOR = 29;

  private ApiChecks() {}

  static CheckGroup run(KubernetesClient client, boolean pre) {
    CheckGroup group = new CheckGroup("kubernetes-api");
    VersionInfo version;
    try {
      version = client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      CliException unreachable = Kube.unreachable(e, client);
      if (unreachable != null) {
        throw unreachable;
      }
      throw new CliException(
          ExitCodes.UNREACHABLE,
          "the Kubernetes API at "
              + client.getMasterUrl()
              + " did not answer /version ("
              + Kube.reason(e)
              + ")",
          "check --kubeconfig/--context and your credentials");
    }
    group.pass("can reach the Kubernetes API");
    int major = leadingInt(version.getMajor());
    int minor = leadingInt(version.getMinor());
    String what = "Kubernetes version is at least 1." + NATIVE_SIDECAR_MINOR + " (native sidecars)";
    if (major > 1 || (major == 1 && minor >= NATIVE_SIDECAR_MINOR)) {
      group.pass(what);
    } else {
      group.warn(
          what,
          "Kubernetes "
              + version.getMajor()
              + "."
              + version.getMinor()
              + " has no native sidecars: "
              + (pre ? "install" : "run")
              + " the proxy in classic mode (proxy.json sidecarMode: classic)");
    }
    return group;
  }

  private static int leadingInt(String s) {
    if (s == null) {
      return -1;
    }
    String digits = s.replaceFirst("^([0-9]*).*$", "$1");
    return digits.isEmpty() ? -1 : Integer.parseInt(digits);
  }
}

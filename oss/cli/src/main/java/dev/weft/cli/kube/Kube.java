package dev.weft.cli.kube;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** How Kubernetes client failures read to a user of the command line. */
public final class Kube {
  private Kube() {}

  /**
   * The exit-3 error for a failure that never got an answer from the API server (connection
   * refused, unknown host, timeout), or null when the server answered.
   */
  public static CliException unreachable(Throwable e) {
    return unreachable(e, null);
  }

  /** As {@link #unreachable(Throwable)}, naming the server the client was configured for. */
  public static CliException unreachable(Throwable e, KubernetesClient client) {
    KubernetesClientException kce = null;
    IOException io = null;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (kce == null && t instanceof KubernetesClientException k) {
        kce = k;
      }
      if (io == null && t instanceof IOException i) {
        io = i;
      }
    }
    if (kce == null || kce.getCode() > 0 || io == null) {
      return null;
    }
    String server = client == null ? "" : " at " + client.getMasterUrl();
    String reason = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    return new CliException(
        ExitCodes.UNREACHABLE,
        "cannot reach the Kubernetes API" + server + " (" + reason.replace('\n', ' ') + ")",
        "check that the cluster is up and --kubeconfig/--context select it");
  }

  /** Why a short description of a failure from the API, for hints and "unavailable" lines. */
  public static String reason(Throwable e) {
    CliException u = unreachable(e);
    if (u != null) {
      return u.getMessage();
    }
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      return "HTTP " + k.getCode() + " " + (k.getStatus() == null ? "" : k.getStatus().getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

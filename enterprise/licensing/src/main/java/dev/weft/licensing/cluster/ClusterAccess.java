package dev.weft.licensing.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Kubernetes client configured as {@code weft}'s own commands configure theirs. */
public final class ClusterAccess {
  private ClusterAccess() {}

  /**
   * The client for {@code kubeconfig} (null: {@code $KUBECONFIG}, else {@code ~/.kube/config}, else
   * in-cluster) and {@code context} (null: the current one); requests are not retried, so an
   * unreachable API is reported at once.
   *
   * @throws IllegalArgumentException when the kubeconfig file cannot be read or used
   */
  public static KubernetesClient connect(Path kubeconfig, String context) {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new IllegalArgumentException(
            "--kubeconfig " + kubeconfig + ": no such readable file");
      }
      try {
        config = Config.fromKubeconfig(context, kubeconfig.toFile());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
      }
    } else {
      config = Config.autoConfigure(context);
    }
    Config quick =
        new ConfigBuilder(config)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(15_000)
            .build();
    return new KubernetesClientBuilder().withConfig(quick).build();
  }

  /**
   * A one-line reason for a failed request: the HTTP status the API answered with, else the deepest
   * cause (connection refused, unknown host), which says more than fabric8's own summary.
   */
  public static String reason(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      return "HTTP "
          + k.getCode()
          + (k.getStatus() == null || k.getStatus().getReason() == null
              ? ""
              : " " + k.getStatus().getReason());
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return m.replace('\n', ' ');
  }
}

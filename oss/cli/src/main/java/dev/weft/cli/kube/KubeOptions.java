package dev.weft.cli.kube;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kubeconfig}, {@code --context} and the control plane's {@code --namespace}, mixed into
 * every command that talks to Kubernetes, and the client they configure.
 */
public final class KubeOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context (default: the current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "weft",
      description = "Namespace of the control plane (default: ${DEFAULT-VALUE}).")
  String namespace;

  /** The control plane's namespace. */
  public String namespace() {
    return namespace;
  }

  /** {@code --kubeconfig}, or null for the default. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** {@code --context}, or null for the kubeconfig's current context. */
  public String context() {
    return context;
  }

  /** The client; its requests are not retried, so an unreachable API is reported at once. */
  public KubernetesClient connect() {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new CliException(
            ExitCodes.USAGE,
            "--kubeconfig " + kubeconfig + ": no such readable file",
            "pass a readable kubeconfig file");
      }
      try {
        config = Config.fromKubeconfig(context, kubeconfig.toFile());
      } catch (RuntimeException e) {
        throw new CliException(
            ExitCodes.USAGE,
            "--kubeconfig " + kubeconfig + ": " + e.getMessage(),
            "check the file and --context");
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
}

package dev.weft.spi.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link CheckProvider} runs with: the cluster {@code weft check} was pointed at and its
 * environment. A provider that talks to Kubernetes builds its client from these, as {@code weft}
 * does (the kubeconfig file, else {@code $KUBECONFIG}, else {@code ~/.kube/config}, else the
 * in-cluster configuration). Immutable.
 *
 * @param namespace the control plane's namespace ({@code -n}, default {@code weft})
 * @param kubeconfig {@code --kubeconfig}, or null for the default
 * @param kubeContext {@code --context}, or null for the kubeconfig's current context
 * @param environment the environment variables {@code weft} sees (read-only)
 */
public record CheckContext(
    String namespace, Path kubeconfig, String kubeContext, Map<String, String> environment) {
  public CheckContext {
    Objects.requireNonNull(namespace, "namespace");
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }
}

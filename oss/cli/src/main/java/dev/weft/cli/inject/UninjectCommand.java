package dev.weft.cli.inject;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft uninject}: undoes {@code weft inject}, and a manual injection, offline. */
@Command(
    name = "uninject",
    mixinStandardHelpOptions = true,
    description = {
      "Remove the weft.dev/* and config.weft.dev/* annotations, and the proxy's containers and"
          + " volumes if the pods were injected manually, from the workloads in Kubernetes"
          + " manifests, and print them.",
      "Example: kubectl get deploy books -o yaml | weft uninject - | kubectl apply -f -"
    })
public final class UninjectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ManifestInput input;

  @Override
  public Integer call() {
    return ManifestRun.run(spec, input, new UninjectEdit());
  }
}

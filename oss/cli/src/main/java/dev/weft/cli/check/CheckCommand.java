package dev.weft.cli.check;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.kube.Kube;
import dev.weft.cli.kube.KubeOptions;
import dev.weft.cli.plugin.CheckProviderRegistry;
import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft check}: whether the cluster can take an install ({@code --pre}) or whether the
 * installed mesh is healthy, as groups of checks, each failure with what to do about it.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check that weft is installed and healthy on the cluster (or, with --pre, that it can be"
          + " installed), printing one line per check and, when one fails, what to do.",
      "Exit status: 0 all passed (warnings allowed), 1 a check failed, 3 the Kubernetes API is"
          + " unreachable."
    })
public final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin KubeOptions kube;

  @Option(names = "--pre", description = "Check that the cluster is ready for an install.")
  boolean pre;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description =
          "Retry failing checks for up to this long, e.g. 5m (default: ${DEFAULT-VALUE}, no retry).")
  String waitFor;

  /** The groups plugins add, run after the built-in ones; tests may set another registry. */
  CheckProviderRegistry plugins = CheckProviderRegistry.load(CheckCommand.class.getClassLoader());

  /** The environment plugin checks see. */
  Map<String, String> environment = System.getenv();

  /** The time certificates are checked against; tests may set another. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (!output.equals("table") && !output.equals("json")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output=" + output + ": invalid (expected: table or json)");
    }
    Duration wait = duration(waitFor);
    Progress progress = Progress.on(spec.commandLine().getErr());
    List<CheckGroup> groups;
    try (KubernetesClient client = kube.connect()) {
      Instant deadline = clock.instant().plus(wait);
      groups = runOnce(client, progress);
      while (CheckReport.failed(groups) && clock.instant().isBefore(deadline)) {
        progress.waiting(groups, Duration.between(clock.instant(), deadline));
        pause();
        groups = runOnce(client, progress);
      }
      progress.done();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      CheckReport.json(groups, out);
    } else {
      CheckReport.table(groups, out);
    }
    return CheckReport.failed(groups) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private List<CheckGroup> runOnce(KubernetesClient client, Progress progress) {
    Instant now = clock.instant();
    List<CheckGroup> groups = new ArrayList<>();
    groups.add(guard(client, progress, "kubernetes-api", () -> ApiChecks.run(client, pre)));
    if (pre) {
      groups.add(
          guard(
              client,
              progress,
              "pre-install",
              () -> PreInstallChecks.run(client, kube.namespace())));
      return groups;
    }
    CheckGroup controlPlane =
        guard(
            client,
            progress,
            "control-plane",
            () -> ControlPlaneChecks.run(client, kube.namespace()));
    groups.add(controlPlane);
    if (controlPlane.isFatal()) {
      return groups;
    }
    groups.add(
        guard(
            client,
            progress,
            "proxy-injector",
            () -> InjectorChecks.run(client, kube.namespace(), now)));
    groups.add(
        guard(
            client, progress, "identity", () -> IdentityChecks.run(client, kube.namespace(), now)));
    groups.add(
        guard(client, progress, "data-plane", () -> DataPlaneChecks.run(client, kube.namespace())));
    CheckContext context =
        new CheckContext(kube.namespace(), kube.kubeconfig(), kube.context(), environment);
    for (CheckProvider provider : plugins.available()) {
      groups.add(PluginChecks.run(provider, context, progress));
    }
    return groups;
  }

  /**
   * Runs a group; an API that stops answering ends the command (exit 3), an API that refuses a
   * request (forbidden, ...) fails the group with the reason.
   */
  private static CheckGroup guard(
      KubernetesClient client, Progress progress, String name, Supplier<CheckGroup> checks) {
    progress.checking(name);
    try {
      return checks.get();
    } catch (KubernetesClientException e) {
      CliException unreachable = Kube.unreachable(e, client);
      if (unreachable != null) {
        throw unreachable;
      }
      CheckGroup failed = new CheckGroup(name);
      failed.fail(
          "the " + name + " checks could query the Kubernetes API",
          "the API refused a request ("
              + Kube.reason(e)
              + "): check your permissions"
              + " (kubectl auth can-i get pods,secrets,configmaps -n ...)");
      return failed;
    }
  }

  private Duration duration(String text) {
    try {
      Duration d = Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "--wait=" + text + ": invalid (expected: a duration such as 30s, 5m)");
  }

  private static void pause() {
    try {
      Thread.sleep(2_000); // between retries of --wait: the cluster needs time to change
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while waiting", "run it again");
    }
  }
}

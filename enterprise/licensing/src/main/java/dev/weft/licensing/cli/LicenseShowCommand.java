package dev.weft.licensing.cli;

import dev.weft.licensing.Entitlements;
import dev.weft.licensing.LicenseDescription;
import dev.weft.licensing.LicenseException;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.LicenseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the license (id, customer, tier, features, limits, validity) and whether it "
          + "verifies, offline, against the keys embedded in this build; with a cluster, the "
          + "meshed workloads it counts against the limit.",
      "Exit codes: 0 valid (or in its grace period, with a warning); 1 invalid or missing; "
          + "2 a bad flag."
    })
final class LicenseShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand LicenseCommand parent;

  @Option(
      names = "--license-file",
      paramLabel = "FILE",
      description =
          "A file holding the key (default: WEFT_LICENSE, else WEFT_LICENSE_FILE, else Secret"
              + " weft-license in the cluster).")
  Path licenseFile;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace of the control plane, holding Secret weft-license (default: weft).")
  String namespace;

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

  @Override
  public Integer call() {
    Map<String, String> env = new HashMap<>(parent.environment);
    if (licenseFile != null) {
      env.remove(Entitlements.LICENSE);
      env.put(Entitlements.LICENSE_FILE, licenseFile.toString());
    }
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    ClusterUsage cluster = new ClusterUsage(namespace, kubeconfig, context, parent.environment);
    if (LicenseSources.local(env) == null) {
      // Nothing on this machine: the key the cluster runs with.
      ClusterUsage.KeyRead read = cluster.readKey();
      if (read.error() != null) {
        err.println("weft: " + read.error());
        return 1;
      }
      env.put(Entitlements.LICENSE, read.key());
    }
    // The same settings (grace, extra key) and messages as the services that check the license.
    LicenseStatus status = Entitlements.fromEnvironment(env, parent.clock).status();
    String text = keyText(env);
    if (text != null) {
      try {
        LicenseDescription.lines(LicenseKeys.decode(text).license()).forEach(out::println);
      } catch (LicenseException e) {
        // Not decodable: the status below says why.
      }
    }
    if (!status.usable()) {
      out.println("verification: " + status.problem() + ": " + status.message());
      err.println("weft: " + status.message());
      return 1;
    }
    if (status.inGrace()) {
      out.println("verification: valid, in the grace period: " + status.message());
      err.println("weft: warning: " + status.message());
    } else {
      out.println("verification: valid: " + status.message());
    }
    cluster.printUsage(status.license(), out, err);
    return 0;
  }

  private static String keyText(Map<String, String> env) {
    String key = env.get(Entitlements.LICENSE);
    if (key != null && !key.isBlank()) {
      return key;
    }
    String file = env.get(Entitlements.LICENSE_FILE);
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}

package dev.weft.compliance.cli;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.compliance.fleet.ControlPlaneClient;
import dev.weft.compliance.fleet.ControlPlaneInventory;
import dev.weft.compliance.fleet.FleetInventory;
import dev.weft.compliance.fleet.FleetSbom;
import dev.weft.compliance.fleet.KubernetesInventory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft compliance sbom [--control-plane URL | --kubernetes [--kubeconfig F] [--context C]
 * [-n NS]] [-o FILE]}: one CycloneDX 1.6 document of the Weft components running in the mesh.
 */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = {
      "Write the fleet SBOM: one CycloneDX 1.6 document listing each Weft component running in the"
          + " mesh (version, digest, instances, workloads) and the libraries its own SBOM lists.",
      "Reads a control plane's fleet inventory (default: the local mesh of weft up), or the pods"
          + " of a cluster with --kubernetes.",
      "Needs the license feature 'compliance'."
    })
final class SbomCommand implements Callable<Integer> {
  private final ComplianceEntitlement entitlement;
  private final Clock clock;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  /** Where the inventory comes from: a control plane, or the cluster's API server. */
  static final class Source {
    @Option(
        names = "--control-plane",
        paramLabel = "URL",
        description =
            "The control plane's HTTP address (default: "
                + ControlPlaneClient.DEFAULT_URL
                + ", the local mesh).")
    String controlPlane;

    @Option(
        names = "--kubernetes",
        description =
            "Read the pods of the cluster instead: every pod with a Weft proxy and the control"
                + " plane's pods (images and digests from their container statuses; no libraries).")
    boolean kubernetes;
  }

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "With --kubernetes: the kubeconfig (default: $KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "With --kubernetes: the kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "With --kubernetes: the control plane's namespace (default: weft).")
  String namespace;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the SBOM (default: stdout).")
  Path output;

  SbomCommand(ComplianceEntitlement entitlement, Clock clock) {
    this.entitlement = entitlement;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    entitlement.require("sbom", err);
    boolean kubernetes = source != null && source.kubernetes;
    if (!kubernetes && (kubeconfig != null || context != null || namespace != null)) {
      throw new CommandFailure(
          Exits.USAGE,
          "--kubeconfig, --context and -n go with --kubernetes",
          "see 'weft compliance sbom --help'");
    }
    FleetInventory inventory =
        kubernetes
            ? new KubernetesInventory(kubeconfig, context, namespace == null ? "weft" : namespace)
            : new ControlPlaneInventory(
                new ControlPlaneClient(
                    source == null || source.controlPlane == null
                        ? ControlPlaneClient.DEFAULT_URL
                        : source.controlPlane));
    FleetSbom.Result result =
        FleetSbom.build(
            inventory,
            kubernetes ? "kubernetes" : "control-plane",
            version(),
            clock.instant(),
            w -> err.println("weft: warning: " + w));
    inventory.warnings().forEach(w -> err.println("weft: warning: " + w));
    if (output == null) {
      spec.commandLine().getOut().print(result.json());
      spec.commandLine().getOut().flush();
    } else {
      AtomicFile.write(output, result.json().getBytes(StandardCharsets.UTF_8));
    }
    err.println(
        "fleet SBOM: "
            + result.components()
            + " components, "
            + result.instances()
            + " instances, "
            + result.libraries()
            + " libraries, from "
            + inventory.source()
            + (output == null ? "" : ": " + output));
    return Exits.OK;
  }

  /** The version of this weft, or {@code dev} when it does not run from its jar. */
  static String version() {
    String v = SbomCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}

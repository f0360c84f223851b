package dev.weft.cli.up;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft up}: the local mesh demo, on this machine, until Ctrl-C. */
@Command(
    name = "up",
    description = {
      "Start the local mesh: the control plane, the demo application (web -> books -> authors,"
          + " books as three replicas), a proxy for each with mutual TLS between them, discovery"
          + " through the control plane's registry, and a traffic generator.",
      "Runs until Ctrl-C, then stops every process it started. See docs/local-mesh.md."
    },
    mixinStandardHelpOptions = true)
public final class UpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State (certificates, tokens, logs, lock); default: .weft/up in the checkout.")
  Path stateDir;

  @Option(
      names = "--port-base",
      paramLabel = "N",
      defaultValue = "" + MeshPorts.DEFAULT_BASE,
      description =
          "First of the "
              + MeshPorts.SPAN
              + " ports used (default: ${DEFAULT-VALUE}): N control plane HTTP,"
              + " N+1 Identity and Destination, N+10..13 web (app, proxy inbound, outbound,"
              + " admin), N+20..23 books-0, N+30..33 books-1, N+40..43 books-2,"
              + " N+50..53 authors.")
  int portBase;

  @Option(
      names = "--traffic-rate",
      paramLabel = "PER_SECOND",
      defaultValue = "10",
      description =
          "Requests per second the traffic generator sends to web (default: ${DEFAULT-VALUE}).")
  double trafficRate;

  @Option(
      names = "--leaf-lifetime",
      paramLabel = "DURATION",
      description =
          "Lifetime of the proxies' certificates, e.g. 90s or 24h (default: the control plane's,"
              + " 24h); short ones show renewals and root rotations happening.")
  String leafLifetime;

  @Option(
      names = "--no-faults",
      description =
          "Run books-1 and books-2 like books-0, instead of slow (+80 ms) and failing (30% 503).")
  boolean noFaults;

  @Option(
      names = "--dry-run",
      description = "Print the command line of every process instead of starting them.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true);
    PrintStream err = new PrintStream(System.err, true);
    MeshPorts ports;
    try {
      ports = new MeshPorts(portBase);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (leafLifetime != null && !leafLifetime.matches("[1-9][0-9]*(s|m|h)")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--leaf-lifetime="
              + leafLifetime
              + ": invalid (expected: a duration such as 90s, 30m, 24h)");
    }
    if (!(trafficRate > 0 && trafficRate <= 10_000)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--traffic-rate=" + trafficRate + ": out of range (expected: > 0 and <= 10000)");
    }
    Installation installation;
    try {
      installation = Installation.locate();
    } catch (UpException e) {
      err.println("weft: " + e.getMessage());
      return 1;
    }
    Path state = stateDir != null ? stateDir : installation.root().resolve(".weft").resolve("up");
    MeshPlan plan =
        new MeshPlan(
            installation,
            ports,
            new MeshLayout(state),
            ProcessHandle.current().pid(),
            leafLifetime,
            !noFaults);
    if (dryRun) {
      printPlan(plan, out);
      return 0;
    }
    LocalMesh mesh = new LocalMesh(plan, trafficRate, LocalMesh.Timeouts.DEFAULT, out, err);
    int code = mesh.runStoppingOnSignal();
    return code;
  }

  private void printPlan(MeshPlan plan, PrintStream out) {
    out.println(command(plan.controlPlane()));
    for (DemoPod p : DemoPod.ALL) {
      out.println(command(plan.app(p)));
    }
    for (DemoPod p : DemoPod.ALL) {
      out.println(command(plan.proxy(p)));
    }
    out.println(command(plan.traffic(trafficRate)));
    out.println(plan.layout().registry() + " (unless edited by hand):");
    plan.registry().lines().forEach(l -> out.println(l.isEmpty() ? "" : "  " + l));
  }

  private static String command(ChildSpec spec) {
    return spec.name()
        + ": "
        + spec.command().stream()
            .map(a -> a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a + "'")
            .collect(Collectors.joining(" "));
  }
}

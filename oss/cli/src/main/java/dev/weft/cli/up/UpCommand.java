package dev.weft.cli.up;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  /** Enough that 200 ms more on zone-a's two replicas overloads them: 40/s x 0.2 s / 2 = 4 > 2. */
  static final double TOUR_TRAFFIC_RATE = 40;

  static final Duration DEFAULT_TOUR_PHASE = Duration.ofSeconds(20);
  static final Duration MIN_TOUR_PHASE = Duration.ofSeconds(5);
  static final Duration MAX_TOUR_PHASE = Duration.ofMinutes(10);

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
              + " N+50..53 authors; with --zones, the books replicas at N+60.. instead, four"
              + " ports in each block of ten.")
  int portBase;

  @Option(
      names = "--traffic-rate",
      paramLabel = "PER_SECOND",
      description =
          "Requests per second the traffic generator sends to web (default: 10; with --tour "
              + TOUR_TRAFFIC_RATE
              + ", so that a slowed zone's load leaves the balancer's band).")
  Double trafficRate;

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
          "Run books-1 and books-2 like books-0, instead of slow (+80 ms) and failing (30%% 503).")
  boolean noFaults;

  @Option(
      names = "--zones",
      paramLabel = "N",
      description =
          "Simulate N zones (2..5): books as 2 healthy replicas in each of zone-a, zone-b, ...,"
              + " web's proxy in zone-a, every endpoint's zone in the registry (default: no zones,"
              + " the layout above).")
  Integer zones;

  @Option(
      names = "--balancer",
      paramLabel = "NAME",
      description =
          "Write 'balancer NAME' in books' registry block, e.g. hazl (an unknown or unlicensed"
              + " one: the proxies use the default balancer and log why).")
  String balancer;

  @Option(
      names = "--balancer-config",
      paramLabel = "K=V,...",
      description =
          "The balancer's configuration, e.g. band.low=0.5,band.high=3; a piece without '='"
              + " continues the value before it (zone.order=zone-b,zone-c). May be repeated.")
  List<String> balancerConfig = new ArrayList<>();

  @Option(
      names = "--tour",
      description =
          "With --zones: once traffic flows, run a scripted zone tour (steady, zone-a slowed,"
              + " restored, stopped, back) printing web's in-zone share every second.")
  boolean tour;

  @Option(
      names = "--tour-phase",
      paramLabel = "DURATION",
      description = "How long each phase of the tour lasts, 5s..10m (default: 20s).")
  String tourPhase;

  @Option(
      names = "--dry-run",
      description = "Print the command line of every process instead of starting them.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true);
    PrintStream err = new PrintStream(System.err, true);
    MeshPorts ports;
    if (leafLifetime != null && !leafLifetime.matches("[1-9][0-9]*(s|m|h)")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--leaf-lifetime="
              + leafLifetime
              + ": invalid (expected: a duration such as 90s, 30m, 24h)");
    }
    double rate = trafficRate != null ? trafficRate : tour ? TOUR_TRAFFIC_RATE : 10;
    if (!(rate > 0 && rate <= 10_000)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--traffic-rate=" + rate + ": out of range (expected: > 0 and <= 10000)");
    }
    DemoTopology topology;
    BooksBalancer books;
    Duration phase;
    try {
      topology = zones == null ? DemoTopology.DEFAULT : DemoTopology.zones(zones);
      ports = new MeshPorts(portBase, topology);
      books = booksBalancer();
      phase = tourPhase();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
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
            !noFaults,
            topology,
            books);
    if (dryRun) {
      printPlan(plan, rate, out);
      return 0;
    }
    LocalMesh mesh = new LocalMesh(plan, rate, phase, LocalMesh.Timeouts.DEFAULT, out, err);
    int code = mesh.runStoppingOnSignal();
    return code;
  }

  private BooksBalancer booksBalancer() {
    if (balancer == null) {
      if (!balancerConfig.isEmpty()) {
        throw new IllegalArgumentException(
            "--balancer-config: only with --balancer (the balancer it configures)");
      }
      return null;
    }
    return BooksBalancer.parse(balancer, balancerConfig);
  }

  /** The tour's phase length, or null without --tour. */
  private Duration tourPhase() {
    if (!tour) {
      if (tourPhase != null) {
        throw new IllegalArgumentException("--tour-phase: only with --tour");
      }
      return null;
    }
    if (zones == null) {
      throw new IllegalArgumentException("--tour: only with --zones N (it slows and stops zone-a)");
    }
    if (tourPhase == null) {
      return DEFAULT_TOUR_PHASE;
    }
    Duration d = null;
    if (tourPhase.matches("[1-9][0-9]{0,5}[sm]")) {
      long n = Long.parseLong(tourPhase.substring(0, tourPhase.length() - 1));
      d = tourPhase.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
    }
    if (d == null || d.compareTo(MIN_TOUR_PHASE) < 0 || d.compareTo(MAX_TOUR_PHASE) > 0) {
      throw new IllegalArgumentException(
          "--tour-phase="
              + tourPhase
              + ": invalid (expected: a duration from 5s to 10m, such as 20s or 1m)");
    }
    return d;
  }

  private void printPlan(MeshPlan plan, double rate, PrintStream out) {
    out.println(command(plan.controlPlane()));
    for (DemoPod p : plan.pods()) {
      out.println(command(plan.app(p)));
    }
    for (DemoPod p : plan.pods()) {
      out.println(command(plan.proxy(p)));
    }
    out.println(command(plan.traffic(rate)));
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

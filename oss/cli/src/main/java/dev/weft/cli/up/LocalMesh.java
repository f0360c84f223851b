package dev.weft.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local mesh: takes the state lock, checks the ports, writes the registry, starts the
 * control plane, mints a token per service, starts each pod and its proxy, then the traffic
 * generator, and watches them until a stop is requested or one of them ends. Whatever happens,
 * every process it started is stopped and the lock released before {@link #run} returns.
 */
final class LocalMesh {
  /** How long each step may take; tests shorten them. */
  record Timeouts(Duration controlPlaneReady, Duration servicesReady, Duration stopGrace) {
    static final Timeouts DEFAULT =
        new Timeouts(Duration.ofSeconds(180), Duration.ofSeconds(120), Duration.ofSeconds(20));
  }

  // After a process ends, how long a stop request may take to arrive before the end counts as a
  // failure: Ctrl-C in a terminal reaches the children at the same moment it reaches us.
  private static final Duration STOP_RACE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(200);

  private final MeshPlan plan;
  private final double trafficRate;
  private final Duration tourPhase;
  private final Timeouts timeouts;
  private final PrintStream out;
  private final PrintStream err;
  private final Supervisor supervisor;
  private final HttpClient http;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopRequested;
  private Thread tour;

  LocalMesh(
      MeshPlan plan, double trafficRate, Timeouts timeouts, PrintStream out, PrintStream err) {
    this(plan, trafficRate, null, timeouts, out, err);
  }

  /**
   * {@code tourPhase}: run the {@link ZoneTour} with phases this long once traffic flows (null: no
   * tour).
   */
  LocalMesh(
      MeshPlan plan,
      double trafficRate,
      Duration tourPhase,
      Timeouts timeouts,
      PrintStream out,
      PrintStream err) {
    this.plan = plan;
    this.trafficRate = trafficRate;
    this.tourPhase = tourPhase;
    this.timeouts = timeouts;
    this.out = out;
    this.err = err;
    this.supervisor =
        new Supervisor(plan.layout().logs(), new ChildrenRecord(plan.layout().stateDir()));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** Runs until stopped; returns the exit code (0 after a requested stop, 1 after a failure). */
  int run() {
    StateLock lock;
    try {
      lock = StateLock.acquire(plan.layout().stateDir());
    } catch (UpException e) {
      err.println("weft: " + e.getMessage());
      finished.countDown();
      return 1;
    }
    int code;
    try {
      new ChildrenRecord(plan.layout().stateDir()).stopLeftovers(out);
      PortCheck.requireFree(plan.ports().all(plan.pods()), plan.ports().base());
      plan.installation().requirePrograms();
      code = startAndWatch();
    } catch (UpException e) {
      err.println("weft: " + e.getMessage());
      code = 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } finally {
      stopTour();
      stop();
      lock.close();
      finished.countDown();
    }
    return code;
  }

  /** {@link #run}, with SIGINT and SIGTERM (Ctrl-C, kill) asking it to stop. */
  int runStoppingOnSignal() {
    Thread hook = new Thread(() -> requestStopAndAwait(Duration.ofSeconds(60)), "weft-up-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is what made run() return.
    }
    return code;
  }

  /** Called on SIGINT/SIGTERM: asks {@link #run} to stop, and waits (bounded) until it has. */
  void requestStopAndAwait(Duration bound) {
    stopRequested = true;
    supervisor.requestStop();
    try {
      finished.await(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int startAndWatch() throws UpException, InterruptedException {
    MeshLayout layout = plan.layout();
    MeshPorts ports = plan.ports();
    out.println("weft up: state in " + layout.stateDir() + ", logs in " + layout.logs());

    // Before the control plane starts, so that its first read already has the demo's services.
    if (MeshRegistry.writeUnlessEdited(layout.registry(), plan.registry())) {
      out.println("weft up: wrote the services to " + layout.registry());
    } else {
      out.println(
          "weft up: keeping "
              + layout.registry()
              + " as it is (its first line is not weft up's mark: edited by hand)");
    }

    Child controlPlane = supervisor.start(plan.controlPlane());
    ControlPlaneApi api = new ControlPlaneApi(ports.controlPlaneHttp());
    Map<Child, Probe> cp = Map.of(controlPlane, Probe.http200(http, api.readinessUrl()));
    out.println("weft up: starting the control plane on 127.0.0.1:" + ports.controlPlaneHttp());
    if (!awaitReady(cp, timeouts.controlPlaneReady())) {
      return 0;
    }

    // One token per service account: the pods of a service share it, as pods share theirs.
    String admin = readAdminToken(layout.adminToken());
    for (DemoService s : DemoService.values()) {
      writeSecret(layout.token(s), api.mintToken(admin, s));
    }

    Map<Child, Probe> services = new LinkedHashMap<>();
    for (DemoPod p : plan.pods()) {
      services.put(supervisor.start(plan.app(p)), Probe.tcp(ports.app(p)));
    }
    for (DemoPod p : plan.pods()) {
      URI ready = URI.create("http://127.0.0.1:" + ports.admin(p) + "/ready");
      services.put(supervisor.start(plan.proxy(p)), Probe.http200(http, ready));
    }
    out.println("weft up: starting web, books (" + books() + "), authors and a proxy for each");
    if (!awaitReady(services, timeouts.servicesReady())) {
      return 0;
    }
    supervisor.start(plan.traffic(trafficRate));

    for (DemoPod p : plan.pods()) {
      out.println("proxy " + p.name() + " admin=http://127.0.0.1:" + ports.admin(p));
    }
    out.println(nextSteps());
    out.flush();
    if (tourPhase != null) {
      startTour();
    }
    return watch();
  }

  private String books() {
    List<DemoPod> books = plan.topology().of(DemoService.BOOKS);
    String names = String.join(", ", books.stream().map(DemoPod::name).toList());
    if (!plan.topology().zoned()) {
      return "three replicas: " + names;
    }
    return books.size()
        + " replicas, "
        + DemoTopology.REPLICAS_PER_ZONE
        + " in each of "
        + String.join(", ", plan.topology().zones())
        + ": "
        + names;
  }

  private void startTour() {
    ZoneTour scenario =
        new ZoneTour(
            new LiveZones(plan, supervisor, http, timeouts.stopGrace()),
            TourClock.everySecond(),
            tourPhase,
            tourPhase,
            out);
    tour =
        Thread.ofPlatform()
            .daemon()
            .name("weft-up-tour")
            .start(() -> {
              try {
                scenario.run();
              } catch (InterruptedException e) {
                // weft up is stopping.
              }
            });
  }

  /** Ends the tour before the processes are stopped, so that it does not start any again. */
  private void stopTour() {
    Thread t = tour;
    if (t == null) {
      return;
    }
    t.interrupt();
    try {
      t.join(timeouts.stopGrace().plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String nextSteps() {
    MeshPorts p = plan.ports();
    DemoPod firstBooks = plan.topology().of(DemoService.BOOKS).getFirst();
    String webMetrics = "curl -s http://127.0.0.1:" + p.admin(DemoPod.WEB) + "/metrics";
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        "The local mesh is running: web -> books (HTTP/1.1) -> authors (gRPC), each replica behind");
    lines.add(
        "its own proxy, mutual TLS between the proxies, and "
            + rate()
            + " requests/s sent to web.");
    if (plan.topology().zoned()) {
      lines.add(
          "books runs "
              + plan.topology().of(DemoService.BOOKS).size()
              + " replicas in "
              + plan.topology().zones().size()
              + " zones, found through the control plane's registry; web's proxy is in "
              + DemoTopology.HOME_ZONE
              + ".");
      lines.add(
          "  zones:          "
              + webMetrics
              + " | grep weft_balancer_endpoint_requests_total   (dst_zone, dst_zone_locality)");
      lines.add(
          "  slow a replica: curl -s -X POST 'http://127.0.0.1:"
              + p.app(firstBooks)
              + "/_demo/faults?delay=200ms'   (?delay=0: fast again)");
    } else {
      lines.add(
          "books runs three replicas, found through the control plane's registry"
              + (plan.faults()
                  ? ": books-1 is slow (+80 ms),\nbooks-2 answers 30% of its requests 503."
                  : "."));
    }
    if (plan.balancer() != null) {
      lines.add(
          "  balancer:       books' registry block says '"
              + plan.balancer().registryLine()
              + "' (a proxy that cannot run it says why in web-proxy.log and uses the default)");
    }
    lines.addAll(
        List.of(
            "  the demo:       curl -s http://127.0.0.1:" + p.inbound(DemoPod.WEB) + "/",
            "  balancing:      " + webMetrics + " | grep weft_balancer_endpoint_requests_total",
            "  retries:        " + webMetrics + " | grep weft_retry_total",
            "  web's answers:  " + webMetrics + " | grep '^response_total.*direction=\"inbound\"'",
            "  mTLS traffic:   curl -s http://127.0.0.1:"
                + p.admin(firstBooks)
                + "/metrics | grep 'tls=\"true\"'",
            "  the registry:   "
                + plan.layout().registry()
                + "   (edit it live: write a copy, mv it over)",
            "  control plane:  curl -s http://127.0.0.1:"
                + p.controlPlaneHttp()
                + "/q/health/ready",
            "  logs:           " + plan.layout().logs(),
            "Press Ctrl-C to stop."));
    return String.join("\n", lines);
  }

  private String rate() {
    return trafficRate == Math.rint(trafficRate)
        ? Long.toString((long) trafficRate)
        : Double.toString(trafficRate);
  }

  /**
   * Waits until every probe holds. Returns false when a stop was requested meanwhile; throws,
   * naming the process, when one ends first or does not become ready in time.
   */
  private boolean awaitReady(Map<Child, Probe> probes, Duration bound)
      throws UpException, InterruptedException {
    List<Child> pending = new ArrayList<>(probes.keySet());
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      pending.removeIf(c -> probes.get(c).ready());
      if (pending.isEmpty()) {
        return true;
      }
      if (stopRequested) {
        return false;
      }
      if (System.nanoTime() - deadline > 0) {
        Child c = pending.get(0);
        throw new UpException(
            c.name()
                + " (pid "
                + c.pid()
                + ") did not become ready within "
                + bound.toSeconds()
                + " s (waiting for "
                + probes.get(c).describe()
                + "). The last lines of "
                + c.log()
                + ":\n"
                + c.logTail(20));
      }
      MeshEvent event = supervisor.poll(POLL);
      if (event instanceof MeshEvent.StopRequested) {
        return false;
      }
      if (event instanceof MeshEvent.Exited(Child c)) {
        if (stopArrives()) {
          return false;
        }
        throw new UpException(ended(c, "before it was ready"));
      }
    }
  }

  /** Watches the running mesh: 0 when a stop is requested, 1 when a process ends by itself. */
  private int watch() throws InterruptedException {
    while (!stopRequested) {
      MeshEvent event = supervisor.poll(POLL);
      if (event instanceof MeshEvent.Exited(Child c)) {
        if (stopArrives()) {
          return 0;
        }
        err.println("weft: " + ended(c, "unexpectedly"));
        return 1;
      }
    }
    return 0;
  }

  private boolean stopArrives() throws InterruptedException {
    long deadline = System.nanoTime() + STOP_RACE.toNanos();
    while (!stopRequested && System.nanoTime() - deadline < 0) {
      if (supervisor.poll(POLL) instanceof MeshEvent.StopRequested) {
        return true;
      }
    }
    return stopRequested;
  }

  private static String ended(Child c, String when) {
    return c.name()
        + " (pid "
        + c.pid()
        + ") "
        + c.exitDescription()
        + " "
        + when
        + ". The last lines of "
        + c.log()
        + ":\n"
        + c.logTail(20);
  }

  private void stop() {
    long running = supervisor.children().stream().filter(c -> c.process().isAlive()).count();
    if (running == 0 && supervisor.children().isEmpty()) {
      return;
    }
    out.println("weft up: stopping " + running + " processes");
    List<String> killed = supervisor.stopAll(timeouts.stopGrace());
    if (!killed.isEmpty()) {
      err.println(
          "weft up: killed "
              + String.join(", ", killed)
              + " (still running "
              + timeouts.stopGrace().toSeconds()
              + " s after SIGTERM)");
    }
    out.println("weft up: stopped");
    out.flush();
  }

  private static String readAdminToken(Path file) throws UpException {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new UpException("the control plane's admin token " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new UpException(
          "cannot read the control plane's admin token " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a file only its owner can read, created with that mode rather than narrowed after. */
  static void writeSecret(Path file, String content) throws UpException {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UpException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

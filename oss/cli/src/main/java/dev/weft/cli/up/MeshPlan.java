package dev.weft.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of every process of the local mesh, from the ports, the files and the programs,
 * and the registry the proxies discover each other through. Nothing here starts anything, so the
 * commands can be checked (and printed) on their own. {@code faults}: books-1 and books-2 misbehave
 * as {@link DemoPod} says; {@code topology}: which replicas run, in which zones; {@code balancer}:
 * the balancer books' registry block names (null: none, the proxies' default).
 */
record MeshPlan(
    Installation installation,
    MeshPorts ports,
    MeshLayout layout,
    long parentPid,
    String leafLifetime,
    boolean faults,
    DemoTopology topology,
    BooksBalancer balancer) {
  static final String LOOPBACK = "127.0.0.1";

  /** The identity a local-mode control plane's gRPC port presents (its default self-name). */
  static final String CONTROL_PLANE_IDENTITY =
      "weft-control-plane.weft.serviceaccount.identity.weft." + DemoService.TRUST_DOMAIN;

  MeshPlan {
    if (ports.span() < topology.span()) {
      throw new IllegalArgumentException(
          "the port block ("
              + ports.span()
              + ") is smaller than the pods need ("
              + topology.span()
              + ")");
    }
  }

  /** A plan with the control plane's default certificate lifetime, and the faulty replicas. */
  MeshPlan(Installation installation, MeshPorts ports, MeshLayout layout, long parentPid) {
    this(installation, ports, layout, parentPid, null, true);
  }

  /** The default layout, without zones, with the proxies' default balancer. */
  MeshPlan(
      Installation installation,
      MeshPorts ports,
      MeshLayout layout,
      long parentPid,
      String leafLifetime,
      boolean faults) {
    this(installation, ports, layout, parentPid, leafLifetime, faults, DemoTopology.DEFAULT, null);
  }

  /** Every pod, in start order. */
  List<DemoPod> pods() {
    return topology.pods();
  }

  ChildSpec controlPlane() {
    List<String> command =
        new ArrayList<>(
            List.of(
                installation.controlPlaneLauncher().toString(),
                "--mode",
                "local",
                "--state-dir",
                layout.controlPlaneState().toString(),
                "--http-port",
                Integer.toString(ports.controlPlaneHttp()),
                "--identity-port",
                Integer.toString(ports.identity())));
    if (leafLifetime != null) {
      command.add("--leaf-lifetime");
      command.add(leafLifetime);
    }
    return new ChildSpec(
        "control-plane",
        command,
        // bin/weft builds everything first; children building in parallel would only compete.
        Map.of("WEFT_CONTROL_PLANE_NO_BUILD", "1"));
  }

  /** What {@code weft up} writes to {@link MeshLayout#registry()}. */
  String registry() {
    return MeshRegistry.text(ports, topology, faults, balancer);
  }

  ChildSpec app(DemoPod p) {
    List<String> command = new ArrayList<>(installation.demoCommand());
    command.add(p.service().serviceName());
    command.add("--port");
    command.add(Integer.toString(ports.app(p)));
    if (p.service() != DemoService.AUTHORS) {
      command.add("--proxy");
      command.add(address(ports.outbound(p)));
    }
    if (faults) {
      command.addAll(p.faults());
    }
    command.add("--parent-pid");
    command.add(Long.toString(parentPid));
    return new ChildSpec(p.name(), command);
  }

  /**
   * A pod's sidecar: inbound to its app, outbound to whatever service a request names, found
   * through the control plane's Destination API (the registry), over mTLS to the identity the
   * registry gives each endpoint. Certify and Destination go over TLS to the control plane's own
   * identity.
   */
  ChildSpec proxy(DemoPod p) {
    List<String> command =
        new ArrayList<>(
            List.of(
                installation.proxyLauncher().toString(),
                "--inbound-listen",
                address(ports.inbound(p)),
                "--inbound-forward",
                address(ports.app(p)),
                "--outbound-listen",
                address(ports.outbound(p)),
                "--admin",
                address(ports.admin(p)),
                "--destination-addr",
                address(ports.identity()),
                "--identity-name",
                p.service().identity(),
                "--identity-token-file",
                layout.token(p.service()).toString(),
                "--identity-trust-anchors",
                layout.trustBundle().toString(),
                // A root rotation in the demo shows within seconds.
                "--identity-trust-reload",
                "2s",
                "--identity-addr",
                address(ports.identity()),
                "--control-plane-identity",
                CONTROL_PLANE_IDENTITY,
                // Ctrl-C should not wait out the default 25 s drain of an idle demo.
                "--drain-timeout",
                "5s"));
    if (!p.zone().isEmpty()) {
      command.add("--zone");
      command.add(p.zone());
    }
    // The rest of the environment is weft up's own, as the children inherit it: enterprise jars
    // (WEFT_EXTRA_CLASSPATH) and the license (WEFT_LICENSE*) reach the proxies as they are. Every
    // proxy shares the host's name and the pid says nothing to a reader: the fleet inventory lists
    // each under its pod's name instead, as the injector names a proxy in Kubernetes.
    return new ChildSpec(
        p.proxyName(),
        command,
        Map.of("WEFT_PROXY_NO_BUILD", "1", "WEFT_PROXY_INSTANCE", p.name()));
  }

  /** Sent to web through its proxy's inbound port, as a client outside the mesh would. */
  ChildSpec traffic(double rate) {
    List<String> command = new ArrayList<>(installation.demoCommand());
    command.addAll(
        List.of(
            "traffic",
            "--target",
            address(ports.inbound(DemoPod.WEB)),
            "--authority",
            DemoService.WEB.serviceName(),
            "--path",
            "/books",
            "--rate",
            rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate),
            "--parent-pid",
            Long.toString(parentPid)));
    return new ChildSpec("traffic", command);
  }

  static String address(int port) {
    return LOOPBACK + ":" + port;
  }
}

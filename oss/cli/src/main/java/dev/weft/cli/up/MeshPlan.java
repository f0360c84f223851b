package dev.weft.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The command line of every process of the local mesh, from the ports, the files and the programs.
 * Nothing here starts anything, so the commands can be checked (and printed) on their own.
 */
record MeshPlan(
    Installation installation,
    MeshPorts ports,
    MeshLayout layout,
    long parentPid,
    String leafLifetime) {
  static final String LOOPBACK = "127.0.0.1";

  /** A plan with the control plane's default certificate lifetime. */
  MeshPlan(Installation installation, MeshPorts ports, MeshLayout layout, long parentPid) {
    this(installation, ports, layout, parentPid, null);
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

  ChildSpec app(DemoService s) {
    List<String> command = new ArrayList<>(installation.demoCommand());
    command.add(s.serviceName());
    command.add("--port");
    command.add(Integer.toString(ports.app(s)));
    if (s != DemoService.AUTHORS) {
      command.add("--proxy");
      command.add(address(ports.outbound(s)));
    }
    command.add("--parent-pid");
    command.add(Long.toString(parentPid));
    return new ChildSpec(s.serviceName(), command);
  }

  ChildSpec proxy(DemoService s) {
    return new ChildSpec(
        s.proxyName(),
        List.of(
            installation.proxyLauncher().toString(),
            "--inbound-listen",
            address(ports.inbound(s)),
            "--inbound-forward",
            address(ports.app(s)),
            "--outbound-listen",
            address(ports.outbound(s)),
            "--admin",
            address(ports.admin(s)),
            "--routes",
            routes(),
            "--identity-name",
            s.identity(),
            "--identity-token-file",
            layout.token(s).toString(),
            "--identity-trust-anchors",
            layout.trustBundle().toString(),
            // A root rotation in the demo shows within seconds.
            "--identity-trust-reload",
            "2s",
            "--identity-addr",
            address(ports.identity()),
            // Ctrl-C should not wait out the default 25 s drain of an idle demo.
            "--drain-timeout",
            "5s"),
        Map.of("WEFT_PROXY_NO_BUILD", "1"));
  }

  /** Sent to web through its proxy's inbound port, as a client outside the mesh would. */
  ChildSpec traffic(double rate) {
    List<String> command = new ArrayList<>(installation.demoCommand());
    command.addAll(
        List.of(
            "traffic",
            "--target",
            address(ports.inbound(DemoService.WEB)),
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

  /** Every service by name to its proxy's inbound port, over mTLS to the identity it must hold. */
  String routes() {
    StringJoiner routes = new StringJoiner(",");
    for (DemoService s : DemoService.values()) {
      routes.add(s.serviceName() + "=" + address(ports.inbound(s)) + "@" + s.identity());
    }
    return routes.toString();
  }

  static String address(int port) {
    return LOOPBACK + ":" + port;
  }
}

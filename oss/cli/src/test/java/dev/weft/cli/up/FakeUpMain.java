package dev.weft.cli.up;

import java.nio.file.Path;

/**
 * {@code weft up} as a process of its own over a {@link FakeInstallation}: args are the fake
 * checkout, the state directory, the port base and, optionally, a number of zones. Signals are
 * handled as by {@code weft up}.
 */
public final class FakeUpMain {
  private FakeUpMain() {}

  public static void main(String[] args) {
    FakeInstallation fake = new FakeInstallation(Path.of(args[0]));
    DemoTopology topology =
        args.length > 3 ? DemoTopology.zones(Integer.parseInt(args[3])) : DemoTopology.DEFAULT;
    MeshPlan plan =
        new MeshPlan(
            fake.installation(),
            new MeshPorts(Integer.parseInt(args[2]), topology),
            new MeshLayout(Path.of(args[1])),
            ProcessHandle.current().pid(),
            null,
            true,
            topology,
            null);
    LocalMesh mesh = new LocalMesh(plan, 10, LocalMesh.Timeouts.DEFAULT, System.out, System.err);
    System.exit(mesh.runStoppingOnSignal());
  }
}

package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented default ports, and the exact command line of each process. */
class MeshPlanTest {
  private static final Installation INSTALLATION =
      new Installation(
          Path.of("/w"),
          Path.of("/w/bin/weft-control-plane"),
          Path.of("/w/bin/weft-proxy"),
          List.of("java", "-jar", "/w/demo.jar"));
  private static final MeshPlan PLAN =
      new MeshPlan(
          INSTALLATION, new MeshPorts(MeshPorts.DEFAULT_BASE), new MeshLayout(Path.of("/s")), 42);

  @Test
  void defaultPortsAreTheDocumentedOnes() {
    MeshPorts p = new MeshPorts(MeshPorts.DEFAULT_BASE);
    assertEquals(List.of(7700, 7701), List.of(p.controlPlaneHttp(), p.identity()));
    assertEquals(
        List.of(7720, 7721, 7722, 7723),
        List.of(
            p.app(DemoService.BOOKS),
            p.inbound(DemoService.BOOKS),
            p.outbound(DemoService.BOOKS),
            p.admin(DemoService.BOOKS)));
    assertEquals(14, p.all().size());
    assertEquals("authors proxy admin", p.all().get(7733));
    assertEquals("web proxy inbound", new MeshPorts(20000).all().get(20011));
  }

  @Test
  void portBaseOutOfRangeIsRefused() {
    assertEquals(
        "--port-base=80: out of range (expected: 1024..65495)",
        assertThrows(IllegalArgumentException.class, () -> new MeshPorts(80)).getMessage());
  }

  @Test
  void controlPlaneCommand() {
    assertEquals(
        List.of(
            "/w/bin/weft-control-plane",
            "--mode",
            "local",
            "--state-dir",
            "/s/control-plane",
            "--http-port",
            "7700",
            "--identity-port",
            "7701"),
        PLAN.controlPlane().command());
  }

  @Test
  void proxyCommandHasTheSidecarAndIdentityFlags() {
    assertEquals(
        List.of(
            "/w/bin/weft-proxy",
            "--inbound-listen",
            "127.0.0.1:7721",
            "--inbound-forward",
            "127.0.0.1:7720",
            "--outbound-listen",
            "127.0.0.1:7722",
            "--admin",
            "127.0.0.1:7723",
            "--routes",
            "web=127.0.0.1:7711@web.demo.serviceaccount.identity.weft.cluster.local,"
                + "books=127.0.0.1:7721@books.demo.serviceaccount.identity.weft.cluster.local,"
                + "authors=127.0.0.1:7731@authors.demo.serviceaccount.identity.weft.cluster.local",
            "--identity-name",
            "books.demo.serviceaccount.identity.weft.cluster.local",
            "--identity-token-file",
            "/s/tokens/books.token",
            "--identity-trust-anchors",
            "/s/control-plane/identity/trust-bundle.pem",
            "--identity-trust-reload",
            "2s",
            "--identity-addr",
            "127.0.0.1:7701",
            "--drain-timeout",
            "5s"),
        PLAN.proxy(DemoService.BOOKS).command());
    assertEquals("books-proxy", PLAN.proxy(DemoService.BOOKS).name());
  }

  @Test
  void servicesCallThroughTheirOwnProxyAndWatchTheirParent() {
    assertEquals(
        List.of(
            "java",
            "-jar",
            "/w/demo.jar",
            "web",
            "--port",
            "7710",
            "--proxy",
            "127.0.0.1:7712",
            "--parent-pid",
            "42"),
        PLAN.app(DemoService.WEB).command());
    assertEquals(
        List.of("java", "-jar", "/w/demo.jar", "authors", "--port", "7730", "--parent-pid", "42"),
        PLAN.app(DemoService.AUTHORS).command());
    assertEquals(
        List.of(
            "java",
            "-jar",
            "/w/demo.jar",
            "traffic",
            "--target",
            "127.0.0.1:7711",
            "--authority",
            "web",
            "--path",
            "/books",
            "--rate",
            "10",
            "--parent-pid",
            "42"),
        PLAN.traffic(10).command());
  }
}

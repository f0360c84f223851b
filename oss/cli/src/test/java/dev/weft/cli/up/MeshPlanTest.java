package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        List.of(7730, 7731, 7732, 7733),
        List.of(
            p.app(DemoPod.BOOKS_1),
            p.inbound(DemoPod.BOOKS_1),
            p.outbound(DemoPod.BOOKS_1),
            p.admin(DemoPod.BOOKS_1)));
    assertEquals(7711, p.inbound(DemoPod.WEB));
    assertEquals(7721, p.inbound(DemoPod.BOOKS_0));
    assertEquals(7741, p.inbound(DemoPod.BOOKS_2));
    assertEquals(7753, p.admin(DemoPod.AUTHORS));
    assertEquals("authors proxy admin", p.all(DemoPod.ALL).get(7753));
    assertEquals("books-2 proxy inbound", p.all(DemoPod.ALL).get(7741));
    assertEquals("web proxy inbound", new MeshPorts(20000).all(DemoPod.ALL).get(20011));
  }

  @Test
  void everyPortIsListedOnceAndInsideTheBlock() {
    MeshPorts p = new MeshPorts(30000);
    // Two per control plane, four per pod; a clash would drop an entry from the map.
    assertEquals(2 + 4 * DemoPod.ALL.size(), p.all(DemoPod.ALL).size());
    assertEquals(p.all(DemoPod.ALL).size(), new HashSet<>(p.all(DemoPod.ALL).values()).size());
    for (int port : p.all(DemoPod.ALL).keySet()) {
      assertTrue(port >= 30000 && port < 30000 + MeshPorts.SPAN, "port " + port);
    }
  }

  @Test
  void booksRunsThreeReplicasOfOneIdentity() {
    assertEquals(
        List.of("books-0", "books-1", "books-2"),
        DemoPod.of(DemoService.BOOKS).stream().map(DemoPod::name).toList());
    assertEquals(List.of("web"), DemoPod.of(DemoService.WEB).stream().map(DemoPod::name).toList());
    for (DemoPod p : DemoPod.of(DemoService.BOOKS)) {
      List<String> proxy = PLAN.proxy(p).command();
      assertEquals(
          "books.demo.serviceaccount.identity.weft.cluster.local",
          proxy.get(proxy.indexOf("--identity-name") + 1));
      assertEquals("/s/tokens/books.token", proxy.get(proxy.indexOf("--identity-token-file") + 1));
    }
  }

  @Test
  void portBaseOutOfRangeIsRefused() {
    assertEquals(
        "--port-base=80: out of range (expected: 1024..65475)",
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
  void books1IsSlowAndBooks2FailsUnlessFaultsAreOff() {
    assertEquals(
        List.of(
            "java",
            "-jar",
            "/w/demo.jar",
            "books",
            "--port",
            "7730",
            "--proxy",
            "127.0.0.1:7732",
            "--delay",
            "80ms",
            "--parent-pid",
            "42"),
        PLAN.app(DemoPod.BOOKS_1).command());
    assertEquals(
        List.of(
            "java",
            "-jar",
            "/w/demo.jar",
            "books",
            "--port",
            "7740",
            "--proxy",
            "127.0.0.1:7742",
            "--fail-ratio",
            "0.3",
            "--fail-status",
            "503",
            "--parent-pid",
            "42"),
        PLAN.app(DemoPod.BOOKS_2).command());
    assertEquals("books-2", PLAN.app(DemoPod.BOOKS_2).name());
    MeshPlan calm = new MeshPlan(INSTALLATION, PLAN.ports(), PLAN.layout(), 42, null, false);
    assertEquals(
        List.of(
            "java",
            "-jar",
            "/w/demo.jar",
            "books",
            "--port",
            "7740",
            "--proxy",
            "127.0.0.1:7742",
            "--parent-pid",
            "42"),
        calm.app(DemoPod.BOOKS_2).command());
  }

  @Test
  void proxyCommandHasTheSidecarDiscoveryAndIdentityFlags() {
    assertEquals(
        List.of(
            "/w/bin/weft-proxy",
            "--inbound-listen",
            "127.0.0.1:7731",
            "--inbound-forward",
            "127.0.0.1:7730",
            "--outbound-listen",
            "127.0.0.1:7732",
            "--admin",
            "127.0.0.1:7733",
            "--destination-addr",
            "127.0.0.1:7701",
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
            "--control-plane-identity",
            "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local",
            "--drain-timeout",
            "5s"),
        PLAN.proxy(DemoPod.BOOKS_1).command());
    assertEquals("books-1-proxy", PLAN.proxy(DemoPod.BOOKS_1).name());
  }

  @Test
  void everyProxyIsNamedAfterItsPodForTheFleetInventory() {
    List<String> instances = new ArrayList<>();
    for (DemoPod p : PLAN.pods()) {
      Map<String, String> env = PLAN.proxy(p).environment();
      assertEquals("1", env.get("WEFT_PROXY_NO_BUILD"), p.name());
      instances.add(env.get("WEFT_PROXY_INSTANCE"));
    }
    assertEquals(List.of("web", "books-0", "books-1", "books-2", "authors"), instances);
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
        PLAN.app(DemoPod.WEB).command());
    assertEquals(
        List.of("java", "-jar", "/w/demo.jar", "authors", "--port", "7750", "--parent-pid", "42"),
        PLAN.app(DemoPod.AUTHORS).command());
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

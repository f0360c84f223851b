package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code weft up --zones N [--balancer ...]}: the replicas, their ports, zones and the registry.
 */
class MeshZonesTest {
  private static final String ID = ".demo.serviceaccount.identity.weft.cluster.local";
  private static final Installation INSTALLATION =
      new Installation(
          Path.of("/w"),
          Path.of("/w/bin/weft-control-plane"),
          Path.of("/w/bin/weft-proxy"),
          List.of("java", "-jar", "/w/demo.jar"));

  private static MeshPlan plan(int zones, BooksBalancer balancer) {
    DemoTopology topology = DemoTopology.zones(zones);
    return new MeshPlan(
        INSTALLATION,
        new MeshPorts(MeshPorts.DEFAULT_BASE, topology),
        new MeshLayout(Path.of("/s")),
        42,
        null,
        true,
        topology,
        balancer);
  }

  @Test
  void booksRunsTwoHealthyReplicasPerZoneAndWebIsInZoneA() {
    MeshPlan plan = plan(3, null);
    assertEquals(
        List.of(
            "web",
            "books-a-0",
            "books-a-1",
            "books-b-0",
            "books-b-1",
            "books-c-0",
            "books-c-1",
            "authors"),
        plan.pods().stream().map(DemoPod::name).toList());
    assertEquals(List.of("zone-a", "zone-b", "zone-c"), plan.topology().zones());
    assertEquals(
        List.of("books-b-0", "books-b-1"),
        plan.topology().books("zone-b").stream().map(DemoPod::name).toList());
    for (DemoPod p : plan.topology().of(DemoService.BOOKS)) {
      // No --delay, no --fail-ratio: faults come at run time, through /_demo/faults.
      List<String> app = plan.app(p).command();
      assertEquals(
          List.of("--proxy", "127.0.0.1:" + (plan.ports().outbound(p)), "--parent-pid", "42"),
          app.subList(app.size() - 4, app.size()),
          p.name());
    }
    assertEquals(7760, plan.ports().app(plan.topology().books("zone-a").getFirst()));
    assertEquals(7783, plan.ports().admin(plan.topology().books("zone-b").getFirst()));
  }

  @Test
  void everyProxyGetsItsPodsZoneAndAuthorsNone() {
    MeshPlan plan = plan(2, null);
    assertEquals(List.of("--zone", "zone-a"), tail(plan.proxy(plan.pods().getFirst()), 2));
    DemoPod b1 = plan.topology().books("zone-b").get(1);
    assertEquals(List.of("--zone", "zone-b"), tail(plan.proxy(b1), 2));
    assertFalse(plan.proxy(DemoPod.AUTHORS).command().contains("--zone"));
    // The default layout has no zones at all.
    MeshPlan flat =
        new MeshPlan(INSTALLATION, new MeshPorts(7700), new MeshLayout(Path.of("/s")), 42);
    for (DemoPod p : flat.pods()) {
      assertFalse(flat.proxy(p).command().contains("--zone"), p.name());
    }
    assertEquals(
        Map.of("WEFT_PROXY_NO_BUILD", "1", "WEFT_PROXY_INSTANCE", b1.name()),
        plan.proxy(b1).environment());
  }

  @Test
  void theRegistryGivesEveryEndpointItsZoneAndBooksItsBalancer() {
    MeshPlan plan = plan(2, BooksBalancer.parse("hazl", List.of("band.low=0.5,zone.order=zone-b")));
    List<String> lines =
        plan.registry().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertEquals(
        List.of(
            "service web:80",
            "  endpoint 127.0.0.1:7711 identity=web" + ID + " zone=zone-a label.pod=web",
            "service books:80",
            "  endpoint 127.0.0.1:7761 identity=books" + ID + " zone=zone-a label.pod=books-a-0",
            "  endpoint 127.0.0.1:7771 identity=books" + ID + " zone=zone-a label.pod=books-a-1",
            "  endpoint 127.0.0.1:7781 identity=books" + ID + " zone=zone-b label.pod=books-b-0",
            "  endpoint 127.0.0.1:7791 identity=books" + ID + " zone=zone-b label.pod=books-b-1",
            "  route all timeout=2s retry-on=503 retry-limit=2",
            "  balancer hazl band.low=0.5 zone.order=zone-b",
            "service authors:80",
            "  endpoint 127.0.0.1:7751 identity=authors" + ID + " label.pod=authors"),
        lines);
    // The default layout can name a balancer too.
    String flat =
        MeshRegistry.text(
            new MeshPorts(7700),
            DemoTopology.DEFAULT,
            true,
            BooksBalancer.parse("p2c-peak-ewma", List.of()));
    assertTrue(
        flat.contains(
            "  route all timeout=2s retry-on=503 retry-limit=2\n  balancer p2c-peak-ewma\n"),
        flat);
  }

  @Test
  void portsOfFiveZonesAreDistinctInsideTheirLargerBlock() {
    DemoTopology five = DemoTopology.zones(5);
    assertEquals(160, five.span());
    MeshPorts ports = new MeshPorts(30000, five);
    Map<Integer, String> all = ports.all(five.pods());
    // Two for the control plane, four per pod (12 of them); a clash would drop an entry.
    assertEquals(2 + 4 * 12, all.size());
    assertEquals(all.size(), new HashSet<>(all.values()).size());
    assertTrue(all.keySet().stream().allMatch(p -> p >= 30000 && p < 30160), all.toString());
    assertEquals("books-e-1 proxy admin", all.get(30153));
    assertEquals(
        "--port-base=65400: out of range (expected: 1024..65375)",
        assertThrows(IllegalArgumentException.class, () -> new MeshPorts(65400, five))
            .getMessage());
  }

  @Test
  void zonesOutside2To5AreRefusedNamingTheFlag() {
    assertEquals(
        "--zones=1: out of range (expected: 2..5)",
        assertThrows(IllegalArgumentException.class, () -> DemoTopology.zones(1)).getMessage());
    assertEquals(
        "--zones=6: out of range (expected: 2..5)",
        assertThrows(IllegalArgumentException.class, () -> DemoTopology.zones(6)).getMessage());
  }

  private static List<String> tail(ChildSpec spec, int n) {
    List<String> c = spec.command();
    return c.subList(c.size() - n, c.size());
  }
}

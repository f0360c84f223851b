package dev.weft.compliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft compliance sbom against a control plane's fleet API served on 127.0.0.1. */
class FleetSbomTest {
  private final Map<String, String> licensed = new TestLicenses().env(Set.of("compliance"));
  @TempDir Path dir;
  private FakeControlPlane cp;

  @BeforeEach
  void start() throws Exception {
    cp = new FakeControlPlane();
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private Compliance sbom(String... more) {
    String[] args = new String[1 + more.length];
    args[0] = "sbom";
    System.arraycopy(more, 0, args, 1, more.length);
    return Compliance.run(licensed, Compliance.IN_TERM, args);
  }

  static Bom validBom(byte[] json) throws Exception {
    JsonParser parser = new JsonParser();
    assertEquals(List.of(), parser.validate(json, Version.VERSION_16), "valid CycloneDX 1.6");
    return parser.parse(json);
  }

  static List<String> values(Component c, String name) {
    return c.getProperties().stream()
        .filter(p -> p.getName().equals(name))
        .map(Property::getValue)
        .toList();
  }

  static Component named(Bom bom, String name, String version) {
    return bom.getComponents().stream()
        .filter(c -> c.getName().equals(name) && c.getVersion().equals(version))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + "@" + version));
  }

  @Test
  void listsEachDistinctComponentWithItsInstancesAndDigest() throws Exception {
    Path out = dir.resolve("fleet.cdx.json");
    Compliance r = sbom("--control-plane", cp.url(), "-o", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        "fleet SBOM: 3 components, 4 instances, 4 libraries, from " + cp.url() + "/: " + out,
        r.err().strip());
    Bom bom = validBom(Files.readAllBytes(out));
    assertEquals("1.6", bom.getSpecVersion());
    assertEquals("weft-mesh", bom.getMetadata().getComponent().getName());
    assertEquals("platform", bom.getMetadata().getComponent().getType().getTypeName());
    assertEquals("weft", bom.getMetadata().getToolChoice().getComponents().getFirst().getName());
    assertNotNull(bom.getMetadata().getTimestamp());
    assertEquals(
        Set.of("weft-control-plane@0.1.0", "weft-proxy@0.1.0", "weft-proxy@0.2.0"),
        bom.getComponents().stream()
            .map(c -> c.getName() + "@" + c.getVersion())
            .collect(Collectors.toSet()));
    Component books = named(bom, "weft-proxy", "0.1.0");
    assertEquals("application", books.getType().getTypeName());
    assertEquals("pkg:maven/dev.weft/weft-proxy@0.1.0", books.getPurl());
    assertEquals(FakeControlPlane.PROXY_1, books.getHashes().getFirst().getValue());
    assertEquals("SHA-256", books.getHashes().getFirst().getAlgorithm());
    assertEquals(List.of("books-0", "books-1"), values(books, "weft:instance"));
    assertEquals(List.of("demo/serviceaccount/books"), values(books, "weft:workload"));
    assertEquals(List.of("zone-a", "zone-b"), values(books, "weft:zone"));
    assertEquals(
        List.of("books.demo.serviceaccount.identity.weft.local"), values(books, "weft:identity"));
    assertEquals(
        List.of("books.demo.serviceaccount.identity.weft.local"),
        values(books, "weft:identity-verified"),
        "books-0 proved it");
    Component authors = named(bom, "weft-proxy", "0.2.0");
    assertEquals(List.of("authors-0"), values(authors, "weft:instance"));
    assertEquals(List.of(), values(authors, "weft:identity-verified"), "only claimed");
    assertTrue(authors.getComponents() == null || authors.getComponents().isEmpty());
    assertEquals(
        "pkg:maven/dev.weft/weft-control-plane@0.1.0",
        named(bom, "weft-control-plane", "0.1.0").getPurl());
    // Only the SBOMs the control plane says it holds were asked for, each once.
    assertEquals(
        2,
        cp.requests.stream().filter(q -> q.startsWith("/v1/fleet/sboms/")).count(),
        cp.requests.toString());
  }

  @Test
  void theEmbeddedSbomsGiveTheLibrariesAndTheDependencyGraph() throws Exception {
    Compliance r = sbom("--control-plane", cp.url());
    assertEquals(0, r.code(), r.toString());
    Bom bom = validBom(r.out().getBytes(StandardCharsets.UTF_8));
    Component books = named(bom, "weft-proxy", "0.1.0");
    assertEquals(
        List.of("netty-handler", "netty-buffer", "slf4j-api"),
        books.getComponents().stream().map(Component::getName).toList());
    Map<String, List<String>> graph =
        bom.getDependencies().stream()
            .collect(
                Collectors.toMap(
                    Dependency::getRef,
                    d ->
                        d.getDependencies() == null
                            ? List.of()
                            : d.getDependencies().stream().map(Dependency::getRef).toList()));
    String ref = books.getBomRef();
    String handler = ref + "/pkg:maven/io.netty/netty-handler@4.2.7.Final?type=jar";
    assertEquals(
        List.of(handler, ref + "/pkg:maven/org.slf4j/slf4j-api@2.0.17?type=jar"), graph.get(ref));
    assertEquals(
        List.of(ref + "/pkg:maven/io.netty/netty-buffer@4.2.7.Final?type=jar"), graph.get(handler));
    // The control plane's SBOM has no graph: it depends on every library it lists.
    Component cpc = named(bom, "weft-control-plane", "0.1.0");
    assertEquals(
        List.of(cpc.getBomRef() + "/pkg:maven/io.netty/netty-buffer@4.2.7.Final?type=jar"),
        graph.get(cpc.getBomRef()));
    // The mesh depends on each component; the same library under two components has two refs.
    assertEquals(3, graph.get("weft-mesh").size());
    bom.getComponents().forEach(c -> assertTrue(graph.containsKey(c.getBomRef()), c.getBomRef()));
  }

  @Test
  void anInvalidDocumentIsRefusedNamingTheErrorAndNothingIsWritten() throws Exception {
    String bad =
        new String(FakeControlPlane.resource("fleet/proxy-bom.json"), StandardCharsets.UTF_8)
            .replace("1f0b3e2a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7", "not-hex");
    cp.sboms.put(FakeControlPlane.PROXY_1, bad.getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("fleet.cdx.json");
    Compliance r = sbom("--control-plane", cp.url(), "-o", out.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("weft: the fleet SBOM is not valid CycloneDX 1.6: "), r.err());
    assertTrue(
        r.err().contains(": /components/2/components/0/hashes/0/content: does not match"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aMissingEmbeddedSbomIsAWarningAndTheRestIsWritten() throws Exception {
    cp.sboms.remove(FakeControlPlane.CONTROL_PLANE);
    Compliance r = sbom("--control-plane", cp.url());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("weft: warning: GET " + cp.url() + "/v1/fleet/sboms/"), r.err());
    assertTrue(r.err().contains("HTTP 404 (no SBOM for it)"), r.err());
    assertTrue(r.err().contains("3 components, 4 instances, 3 libraries"), r.err());
  }

  @Test
  void anUnreachableControlPlaneIsAClearError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    Compliance r = sbom("--control-plane", url);
    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(
        r.err().startsWith("weft: cannot reach the control plane at " + url + "/ ("), r.err());
    assertTrue(r.err().contains("weft up"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void notAnInventoryAndBadFlagsAreRefused() {
    cp.components = "{\"components\":[{\"component\":\"proxy\",\"instance\":\"x\"}]}";
    Compliance r = sbom("--control-plane", cp.url());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("not a fleet inventory (components[0].version: missing)"), r.err());
    assertEquals(2, sbom("--control-plane", "ftp://x").code());
    assertEquals(2, sbom("--control-plane", cp.url(), "--kubernetes").code());
    assertEquals(2, sbom("--control-plane", cp.url(), "-n", "weft").code());
  }
}

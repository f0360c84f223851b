package dev.weft.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testkit.BuildSbom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distributions' aggregate SBOMs (target/sbom), whose subject is the root project: every Weft
 * module of the root pom, every third-party library with its version and purl, valid CycloneDX 1.6;
 * the OSS one without enterprise code.
 */
class AggregateSbomTest {
  @BeforeEach
  void built() {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
  }

  private static Bom aggregate(String name) throws Exception {
    Path file = Reactor.root().resolve("target/sbom").resolve(name);
    assertTrue(
        Files.isRegularFile(file),
        file + " is missing: the root writes it at package (./mvnw -B package from the root)");
    return Sboms.parseValid(Files.readAllBytes(file), file.toString());
  }

  private static List<ReactorModule> expected(boolean enterprise) {
    List<ReactorModule> all = new ArrayList<>();
    for (ReactorModule m : Reactor.modules()) {
      if (enterprise || !m.enterprise()) {
        all.add(m);
      }
    }
    return all;
  }

  private static void assertListsEveryModule(Bom bom, List<ReactorModule> modules, String what) {
    // The subject is the build itself: the root project.
    Component subject = bom.getMetadata().getComponent();
    assertEquals(Reactor.parent().purl(), subject.getPurl(), what + "'s subject");
    assertEquals(Component.Type.APPLICATION, subject.getType(), what + "'s subject");
    Map<String, List<Component>> byKey = Sboms.byKey(bom);
    List<String> missing = new ArrayList<>();
    for (ReactorModule m : modules) {
      List<Component> found = byKey.getOrDefault(m.key(), List.of());
      if (found.isEmpty()) {
        missing.add(m.key());
        continue;
      }
      // A module built in this reactor has exactly one version: the build's.
      assertEquals(1, found.size(), m.key() + " once in " + what);
      assertEquals(System.getProperty("build.version"), found.getFirst().getVersion(), m.key());
      assertEquals(m.purl(), found.getFirst().getPurl(), m.key());
    }
    assertEquals(
        List.of(),
        missing,
        what
            + " lacks these modules (written by a build of part of the reactor? build from the"
            + " root)");
  }

  private static void assertThirdPartyIdentified(Bom bom, String what) {
    List<Component> thirdParty =
        Sboms.components(bom).stream().filter(c -> !c.getGroup().startsWith("dev.weft")).toList();
    assertTrue(thirdParty.size() > 100, what + " lists the libraries: " + thirdParty.size());
    for (Component c : thirdParty) {
      Sboms.assertIdentified(c, what);
      assertTrue(
          c.getHashes() != null && !c.getHashes().isEmpty(),
          c.getPurl() + " has hashes in " + what);
    }
  }

  private static Set<String> keys(Bom bom) {
    return Sboms.byKey(bom).keySet();
  }

  @Test
  void enterpriseListsEveryModuleAndLibrary() throws Exception {
    Bom bom = aggregate("weft-enterprise.cdx.json");
    assertListsEveryModule(bom, expected(true), "weft-enterprise.cdx.json");
    assertThirdPartyIdentified(bom, "weft-enterprise.cdx.json");
    Set<String> keys = keys(bom);
    for (String library :
        List.of(
            "io.netty:netty-handler", // the proxy
            "io.quarkus:quarkus-rest", // the control plane
            "info.picocli:picocli", // the CLI, the licensing tool
            "org.bouncycastle:bcprov-jdk18on")) {
      assertTrue(keys.contains(library), library + " in the enterprise SBOM");
    }
    assertTrue(
        !keys.contains("org.junit.jupiter:junit-jupiter"), "test libraries are not distributed");
    assertTrue(!keys.contains("dev.weft:" + Reactor.SELF), "nor this test module");
  }

  @Test
  void ossListsEveryOssModuleAndNoEnterpriseCode() throws Exception {
    Bom bom = aggregate("weft-oss.cdx.json");
    assertListsEveryModule(bom, expected(false), "weft-oss.cdx.json");
    assertThirdPartyIdentified(bom, "weft-oss.cdx.json");
    List<String> enterprise =
        keys(bom).stream().filter(k -> k.startsWith("dev.weft.enterprise")).sorted().toList();
    assertEquals(List.of(), enterprise, "the OSS distribution holds no enterprise code");
    assertTrue(keys(bom).contains("io.netty:netty-handler"));
  }

  @Test
  void theGraphLinksModulesToTheirLibraries() throws Exception {
    Bom bom = aggregate("weft-oss.cdx.json");
    Map<String, Dependency> byRef =
        bom.getDependencies().stream().collect(Collectors.toMap(Dependency::getRef, d -> d));
    ReactorModule proxy =
        Reactor.modules().stream()
            .filter(m -> m.artifactId().equals("weft-proxy"))
            .findFirst()
            .orElseThrow();
    Dependency node = byRef.get(proxy.purl());
    assertTrue(node != null, "the proxy has a node in the dependency graph");
    List<String> direct =
        node.getDependencies() == null
            ? List.of()
            : node.getDependencies().stream().map(Dependency::getRef).toList();
    assertTrue(
        direct.stream().anyMatch(r -> r.startsWith("pkg:maven/io.netty/netty-handler@")),
        "the proxy depends on netty-handler directly: " + direct);
    assertTrue(
        direct.stream().anyMatch(r -> r.startsWith("pkg:maven/dev.weft/weft-spi@")),
        "and on weft-spi: " + direct);
  }

  @Test
  void everyJarsOwnSbomIsWithinItsDistributions() throws Exception {
    Set<String> oss = purls(aggregate("weft-oss.cdx.json"));
    Set<String> enterprise = purls(aggregate("weft-enterprise.cdx.json"));
    for (ReactorModule m : Reactor.modules()) {
      if (!m.packaging().equals("jar")) {
        continue;
      }
      Bom own = Sboms.parseValid(ModuleSbomTest.embedded(m), m.jar().toString());
      Set<String> missing = new java.util.TreeSet<>(purls(own));
      missing.removeAll(m.enterprise() ? enterprise : oss);
      assertEquals(Set.of(), missing, m.key() + "'s own SBOM lists what its distribution lacks");
    }
  }

  private static Set<String> purls(Bom bom) {
    return Sboms.components(bom).stream().map(Component::getPurl).collect(Collectors.toSet());
  }
}

package dev.weft.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testkit.BuildSbom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SBOM each jar carries (META-INF/sbom/bom.json) describes that jar's build: its subject is the
 * module's coordinates, and it lists the dependencies the module's pom declares for run time.
 */
class ModuleSbomTest {
  static final String RESOURCE = "META-INF/sbom/bom.json";

  @BeforeEach
  void built() {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
  }

  /** The SBOM inside the module's jar. */
  static byte[] embedded(ReactorModule m) throws IOException {
    return fromJar(m.jar(), m.key());
  }

  private static byte[] fromJar(Path jar, String what) throws IOException {
    assertTrue(Files.isRegularFile(jar), jar + " (" + what + ") is not built");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(RESOURCE);
      assertTrue(entry != null, jar + " carries no " + RESOURCE);
      try (InputStream in = zip.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }
  }

  private static List<ReactorModule> jars() {
    List<ReactorModule> jars =
        Reactor.modules().stream().filter(m -> m.packaging().equals("jar")).toList();
    assertTrue(jars.size() >= 10, "the root pom's jar modules: " + jars);
    return jars;
  }

  @Test
  void eachJarsSbomIsItsOwnBuilds() throws Exception {
    for (ReactorModule m : jars()) {
      Bom bom = Sboms.parseValid(embedded(m), m.jar().toString());
      Component self = bom.getMetadata().getComponent();
      assertEquals(m.groupId(), self.getGroup(), m.jar().toString());
      assertEquals(m.artifactId(), self.getName(), m.jar().toString());
      assertEquals(m.version(), self.getVersion(), m.jar().toString());
      assertEquals(m.purl(), self.getPurl(), m.jar().toString());

      Map<String, List<Component>> listed = Sboms.byKey(bom);
      for (ReactorModule.Declared d : m.dependencies()) {
        boolean runs =
            d.scope().equals("compile")
                || d.scope().equals("runtime")
                // Only the proxy ships its provided jars (lib/control-plane/).
                || d.scope().equals("provided") && m.artifactId().equals("weft-proxy");
        if (runs) {
          List<Component> found = listed.getOrDefault(d.key(), List.of());
          assertTrue(!found.isEmpty(), m.key() + " declares " + d.key() + ": in its SBOM");
          for (Component c : found) {
            Sboms.assertIdentified(c, m.jar().toString());
            if ("${project.version}".equals(d.version())) {
              assertEquals(m.version(), c.getVersion(), d.key() + " in " + m.key());
            }
          }
        } else if (d.scope().equals("test") && d.groupId().startsWith("org.junit")) {
          assertTrue(!listed.containsKey(d.key()), m.key() + ": test-only " + d.key() + " listed");
        }
      }
    }
  }

  @Test
  void theProxysSbomListsNettyAndItsNativeTransport() throws Exception {
    ReactorModule proxy =
        jars().stream().filter(m -> m.artifactId().equals("weft-proxy")).findFirst().orElseThrow();
    Map<String, List<Component>> listed =
        Sboms.byKey(Sboms.parseValid(embedded(proxy), "weft-proxy.jar"));
    Component epoll = listed.get("io.netty:netty-transport-native-epoll").getFirst();
    assertEquals(
        "pkg:maven/io.netty/netty-transport-native-epoll@"
            + epoll.getVersion()
            + "?classifier=linux-x86_64&type=jar",
        epoll.getPurl());
    assertEquals(
        epoll.getVersion(),
        listed.get("io.netty:netty-handler").getFirst().getVersion(),
        "one Netty");
  }

  @Test
  void enterpriseControlPlaneLeavesOutWhatItsPomExcludes() throws Exception {
    ReactorModule cp =
        jars().stream()
            .filter(m -> m.artifactId().equals("weft-enterprise-control-plane"))
            .findFirst()
            .orElseThrow();
    Map<String, List<Component>> listed = Sboms.byKey(Sboms.parseValid(embedded(cp), cp.key()));
    assertTrue(listed.containsKey("dev.weft.enterprise:weft-licensing"));
    assertTrue(listed.containsKey("dev.weft:weft-control-plane"));
    assertTrue(
        !listed.containsKey("info.picocli:picocli"),
        "picocli is excluded from weft-licensing and weft-hazl here");
  }

  @Test
  void quarkusRunnableJarsCarryTheSameSbom() throws Exception {
    int quarkusApps = 0;
    for (ReactorModule m : jars()) {
      Path app = m.dir().resolve("target/quarkus-app");
      if (!Files.isDirectory(app)) {
        continue;
      }
      quarkusApps++;
      Path jar = app.resolve("app").resolve(m.artifactId() + "-" + m.version() + ".jar");
      assertArrayEquals(embedded(m), fromJar(jar, m.key()), jar + " carries the module's SBOM");
    }
    assertEquals(2, quarkusApps, "the OSS and the enterprise control planes are fast-jars");
  }
}

package dev.weft.spi.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The open-source build never depends on enterprise code: no pom under oss/ or helm/ names a {@code
 * dev.weft.enterprise} artifact, and the root pom's enforcer rule that checks the resolved
 * (transitive) dependencies of every open-source module is in place and not skipped for them.
 */
class OpenCoreBoundaryTest {
  private final Path root = Path.of(System.getProperty("weft.root", "../..")).toAbsolutePath();

  @Test
  void noOpenSourcePomNamesAnEnterpriseArtifact() throws Exception {
    List<Path> poms = new ArrayList<>(Poms.under(root.resolve("oss")));
    poms.addAll(Poms.under(root.resolve("helm")));
    assertTrue(poms.size() >= 8, "expected the poms of oss/* and helm/, found " + poms);
    List<String> crossings = new ArrayList<>();
    poms.forEach(p -> crossings.addAll(Poms.enterpriseReferences(p)));
    assertEquals(List.of(), crossings);
  }

  @Test
  void theCheckSeesAnEnterpriseDependencyWhereverItIsDeclared(@TempDir Path dir) throws Exception {
    Path pom =
        Files.writeString(
            dir.resolve("pom.xml"),
            """
            <project><properties><weft.enterprise>true</weft.enterprise></properties>
              <dependencyManagement><dependencies><dependency>
                <groupId>dev.weft.enterprise</groupId><artifactId>weft-hazl</artifactId>
              </dependency></dependencies></dependencyManagement>
              <dependencies><dependency>
                <groupId>dev.weft.enterprise</groupId><artifactId>weft-licensing</artifactId>
              </dependency></dependencies>
              <build><plugins><plugin><artifactId>x</artifactId><dependencies><dependency>
                <groupId>dev.weft.enterprise</groupId><artifactId>weft-compliance</artifactId>
              </dependency></dependencies></plugin></plugins></build>
            </project>
            """);
    List<String> found = Poms.enterpriseReferences(pom);
    assertEquals(4, found.size(), found.toString());
    assertTrue(found.get(0).endsWith(": depends on dev.weft.enterprise:weft-hazl"), found.get(0));
    assertTrue(found.get(3).endsWith(": sets weft.enterprise to true"), found.get(3));
  }

  @Test
  void theRootPomEnforcesTheBoundaryForEveryOpenSourceModule() {
    Element pom = Poms.read(root.resolve("pom.xml"));
    assertEquals("false", Poms.text(Poms.child(pom, "properties"), "weft.enterprise"));

    Element execution = boundaryExecution(pom);
    assertNotNull(
        execution, "root pom: no maven-enforcer-plugin execution with bannedDependencies");
    Element configuration = Poms.child(execution, "configuration");
    assertEquals("${weft.enterprise}", Poms.text(configuration, "skip"));
    Element banned = Poms.child(Poms.child(configuration, "rules"), "bannedDependencies");
    assertEquals("true", Poms.text(banned, "searchTransitive"));
    List<String> excludes =
        Poms.descendants(Poms.child(banned, "excludes"), "exclude").stream()
            .map(e -> e.getTextContent().strip())
            .toList();
    assertEquals(List.of("dev.weft.enterprise:*"), excludes);
  }

  @Test
  void enterpriseModulesAreListedAfterTheOpenSourceOnes() {
    List<String> modules =
        Poms.descendants(Poms.child(Poms.read(root.resolve("pom.xml")), "modules"), "module")
            .stream()
            .map(e -> e.getTextContent().strip())
            .toList();
    assertFalse(modules.isEmpty());
    boolean enterprise = false;
    for (String m : modules) {
      if (m.startsWith("enterprise/")) {
        enterprise = true;
      } else {
        assertFalse(enterprise, "module " + m + " is listed after an enterprise one: " + modules);
        assertTrue(
            m.equals("bom") || m.equals("helm") || m.startsWith("oss/"),
            "module " + m + " is neither open source (bom, helm, oss/*) nor enterprise/*");
      }
    }
  }

  /** The enforcer execution of the root pom's build plugins that has a bannedDependencies rule. */
  private static Element boundaryExecution(Element pom) {
    Element plugins = Poms.child(Poms.child(pom, "build"), "plugins");
    for (Element plugin : Poms.descendants(plugins, "plugin")) {
      if (!Poms.text(plugin, "artifactId").equals("maven-enforcer-plugin")) {
        continue;
      }
      for (Element execution : Poms.descendants(plugin, "execution")) {
        Element configuration = Poms.child(execution, "configuration");
        Element rules = configuration == null ? null : Poms.child(configuration, "rules");
        if (rules != null && Poms.child(rules, "bannedDependencies") != null) {
          return execution;
        }
      }
    }
    return null;
  }
}

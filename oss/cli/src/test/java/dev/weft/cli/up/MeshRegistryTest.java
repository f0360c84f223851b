package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry weft up writes, and when it leaves an existing one alone. */
class MeshRegistryTest {
  private static final String ID = ".demo.serviceaccount.identity.weft.cluster.local";
  // The control plane's own example, as it creates it in a state directory without one.
  private static final String EXAMPLE =
      """
      # Weft local registry: the services proxies find through the control plane's Destination API.
      # Edits apply within a second, without a restart. Format: docs/discovery.md. Example:
      #
      # service books:80
      #   endpoint 127.0.0.1:7721 identity=books.demo.serviceaccount.identity.weft.cluster.local zone=zone-a
      """;

  @TempDir Path dir;

  @Test
  void everyPodIsAnEndpointOfItsServiceAtItsProxyWithTheServiceIdentity() {
    String text = MeshRegistry.text(new MeshPorts(MeshPorts.DEFAULT_BASE), true);
    assertTrue(text.startsWith(MeshRegistry.MARK + "\n"), text);
    assertEquals(
        List.of(
            "service web:80",
            "  endpoint 127.0.0.1:7711 identity=web" + ID + " label.pod=web",
            "service books:80",
            "  endpoint 127.0.0.1:7721 identity=books" + ID + " label.pod=books-0",
            "  endpoint 127.0.0.1:7731 identity=books" + ID + " label.pod=books-1  # --delay 80ms",
            "  endpoint 127.0.0.1:7741 identity=books"
                + ID
                + " label.pod=books-2  # --fail-ratio 0.3 --fail-status 503",
            "  route all timeout=2s retry-on=503 retry-limit=2",
            "service authors:80",
            "  endpoint 127.0.0.1:7751 identity=authors" + ID + " label.pod=authors"),
        lines(text));
  }

  @Test
  void withoutFaultsOnlyTheCommentsDiffer() {
    MeshPorts ports = new MeshPorts(20000);
    List<String> calm = lines(MeshRegistry.text(ports, false));
    List<String> faulty = lines(MeshRegistry.text(ports, true));
    assertEquals(faulty.stream().map(l -> l.replaceFirst("\\s*#.*", "")).toList(), calm);
    assertTrue(
        calm.contains("  endpoint 127.0.0.1:20041 identity=books" + ID + " label.pod=books-2"));
  }

  @Test
  void writesAMissingFileTheExampleAndItsOwnButKeepsSomeoneElses() throws Exception {
    Path file = dir.resolve("control-plane").resolve("registry.conf");
    String ours = MeshRegistry.text(new MeshPorts(MeshPorts.DEFAULT_BASE), true);

    assertTrue(MeshRegistry.writeUnlessEdited(file, ours));
    assertEquals(ours, Files.readString(file));

    Files.writeString(file, EXAMPLE);
    assertTrue(MeshRegistry.writeUnlessEdited(file, ours));
    assertEquals(ours, Files.readString(file));

    // Its own file from an earlier run (other ports, say) is rewritten.
    Files.writeString(file, MeshRegistry.text(new MeshPorts(20000), true));
    assertTrue(MeshRegistry.writeUnlessEdited(file, ours));
    assertEquals(ours, Files.readString(file));

    String edited =
        ours.substring(ours.indexOf('\n') + 1).replace("label.pod=books-2", "ready=false");
    Files.writeString(file, edited);
    assertFalse(MeshRegistry.writeUnlessEdited(file, ours));
    assertEquals(edited, Files.readString(file));

    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void onlyCommentsAndBlanksAreReplaceable() {
    assertTrue(MeshRegistry.replaceable(""));
    assertTrue(MeshRegistry.replaceable("\n  # nothing\n\n"));
    assertTrue(MeshRegistry.replaceable(EXAMPLE));
    assertFalse(MeshRegistry.replaceable("service books:80\n"));
    // The mark counts only as the first line: further down it is someone's copy.
    assertFalse(MeshRegistry.replaceable("service a:80\n" + MeshRegistry.MARK + "\n"));
  }

  /** The lines that mean something: no comment lines, no blanks. */
  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }
}

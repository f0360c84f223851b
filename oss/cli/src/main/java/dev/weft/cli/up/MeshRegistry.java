package dev.weft.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The control plane's registry file ({@code STATE/control-plane/registry.conf}) as {@code weft up}
 * writes it: every service of the demo, each pod at its proxy's inbound port with the service's
 * identity, and a route on books that retries 503 answers.
 *
 * <p>The file is rewritten at every start only while it is weft up's own (its first line is {@link
 * #MARK}) or holds no service (missing, empty, or the control plane's commented example), so that
 * someone who deleted the mark to keep their edits finds them again after a restart.
 */
final class MeshRegistry {
  static final String MARK =
      "# Written by weft up, which rewrites it at every start while this line is first.";

  /** The route on books: retry what the failing replica answers, and bound the whole request. */
  static final String BOOKS_ROUTE = "route all timeout=2s retry-on=503 retry-limit=2";

  private MeshRegistry() {}

  /** The registry of the default layout on {@code ports}; {@code faults}: say which misbehave. */
  static String text(MeshPorts ports, boolean faults) {
    return text(ports, DemoTopology.DEFAULT, faults, null);
  }

  /**
   * The registry of {@code topology} on {@code ports}: each endpoint with its pod's zone when it
   * has one, and books' {@code balancer} line when one is chosen (null: none).
   */
  static String text(
      MeshPorts ports, DemoTopology topology, boolean faults, BooksBalancer balancer) {
    StringBuilder text = new StringBuilder();
    text.append(MARK)
        .append('\n')
        .append("# Delete that line to keep your own edits across restarts. Edits apply within a\n")
        .append("# second or two, without a restart: write a temporary file in this directory,\n")
        .append("# then rename it over registry.conf. Format: docs/discovery.md.\n");
    for (DemoService s : DemoService.values()) {
      text.append('\n').append("service ").append(s.destination()).append('\n');
      for (DemoPod p : topology.of(s)) {
        text.append("  endpoint ")
            .append(MeshPlan.address(ports.inbound(p)))
            .append(" identity=")
            .append(s.identity());
        if (!p.zone().isEmpty()) {
          text.append(" zone=").append(p.zone());
        }
        text.append(" label.pod=").append(p.name());
        if (faults && !p.faults().isEmpty()) {
          text.append("  # ").append(String.join(" ", p.faults()));
        }
        text.append('\n');
      }
      if (s == DemoService.BOOKS) {
        text.append("  ").append(BOOKS_ROUTE).append('\n');
        if (balancer != null) {
          text.append("  ").append(balancer.registryLine()).append('\n');
        }
      }
    }
    return text.toString();
  }

  /**
   * Writes {@code text} to {@code file} unless the file holds someone else's services; returns
   * whether it wrote.
   */
  static boolean writeUnlessEdited(Path file, String text) throws UpException {
    try {
      String existing;
      try {
        existing = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        existing = "";
      }
      if (!replaceable(existing)) {
        return false;
      }
      writeAtomically(file, text);
      return true;
    } catch (IOException e) {
      throw new UpException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** weft up's own file, or one without a single service line (only comments and blanks). */
  static boolean replaceable(String existing) {
    if (existing.startsWith(MARK + "\n")) {
      return true;
    }
    return existing.lines().map(l -> l.replaceFirst("#.*", "").strip()).allMatch(String::isEmpty);
  }

  /**
   * Replaces {@code file} in one step, so the control plane never reads it half written: a
   * temporary file in the same directory, renamed over it.
   */
  static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), ".registry-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

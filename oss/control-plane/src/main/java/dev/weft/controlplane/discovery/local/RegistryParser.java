package dev.weft.controlplane.discovery.local;

import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the registry file's structure: comments, {@code service} lines and the indented lines that
 * belong to them. What each keyword means is {@link ServiceBlock}'s business.
 *
 * <p>An error never stops the read: it is recorded with its line, the service it belongs to is
 * marked broken, and the next line is read, so one run reports every bad line at once.
 */
final class RegistryParser {
  private final String fileName;
  private final Map<ServiceName, ServiceSnapshot> services = new LinkedHashMap<>();
  private final Set<ServiceName> broken = new HashSet<>();
  private final Set<ServiceName> seen = new HashSet<>();
  private final List<RegistryError> errors = new ArrayList<>();
  private ServiceBlock block;
  // Indented lines under a service line that could not be read belong to no service.
  private boolean inBadBlock;

  private RegistryParser(String fileName) {
    this.fileName = fileName;
  }

  /** Parses {@code content}; {@code fileName} prefixes every error ({@code registry.conf:12: }). */
  static RegistryParse parse(String fileName, String content) {
    RegistryParser parser = new RegistryParser(fileName);
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      parser.line(i + 1, lines[i]);
    }
    parser.finish();
    return new RegistryParse(parser.services, parser.broken, parser.errors);
  }

  private void line(int number, String raw) {
    int hash = raw.indexOf('#');
    String text = hash < 0 ? raw : raw.substring(0, hash);
    if (text.isBlank()) {
      return;
    }
    boolean indented = Character.isWhitespace(text.charAt(0));
    List<String> words = Arrays.asList(text.strip().split("\\s+"));
    if (!indented) {
      finish();
      service(number, words);
      return;
    }
    if (block == null) {
      if (!inBadBlock) {
        error(number, "indented line '" + text.strip() + "' belongs to no service line above it");
      }
      return;
    }
    try {
      block.line(number, words.getFirst(), words.subList(1, words.size()));
    } catch (RegistryLineException e) {
      block.markBroken();
      error(number, e.getMessage());
    }
  }

  private void service(int number, List<String> words) {
    if (!words.getFirst().equals("service")) {
      inBadBlock = true;
      error(
          number,
          "unknown keyword '"
              + words.getFirst()
              + "' (expected: service at the start of a line; endpoint, split, route, budget,"
              + " accrual and balancer indented under it)");
      return;
    }
    if (words.size() < 2) {
      inBadBlock = true;
      error(number, "service: no name (expected: service HOST:PORT)");
      return;
    }
    ServiceName name;
    try {
      name = ServiceName.parse(words.get(1));
    } catch (IllegalArgumentException e) {
      inBadBlock = true;
      error(number, "service '" + words.get(1) + "': " + e.getMessage());
      return;
    }
    block = new ServiceBlock(name, fileName + ":" + number);
    if (!seen.add(name)) {
      block.markBroken();
      error(
          number, "service '" + name + "' is defined twice (expected: one service line per name)");
    }
    try {
      block.serviceLabels(words.subList(2, words.size()));
    } catch (RegistryLineException e) {
      block.markBroken();
      error(number, e.getMessage());
    }
  }

  private void finish() {
    inBadBlock = false;
    if (block == null) {
      return;
    }
    ServiceBlock done = block;
    block = null;
    if (done.broken()) {
      broken.add(done.name());
      services.remove(done.name());
      return;
    }
    services.put(done.name(), done.snapshot());
  }

  private void error(int number, String reason) {
    errors.add(new RegistryError(number, fileName + ":" + number + ": " + reason));
  }
}

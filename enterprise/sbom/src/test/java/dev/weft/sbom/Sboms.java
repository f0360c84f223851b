package dev.weft.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;

/** Reads an SBOM after checking it against the CycloneDX 1.6 JSON schema (offline). */
final class Sboms {
  private Sboms() {}

  static Bom parseValid(byte[] json, String what) throws IOException, ParseException {
    JsonParser parser = new JsonParser();
    List<ParseException> errors = parser.validate(json, Version.VERSION_16);
    assertEquals(List.of(), errors.stream().map(Throwable::getMessage).toList(), what);
    Bom bom = parser.parse(json);
    assertEquals("1.6", bom.getSpecVersion(), what);
    return bom;
  }

  /** The components; none for a module without dependencies (the field is then absent). */
  static List<Component> components(Bom bom) {
    return bom.getComponents() == null ? List.of() : bom.getComponents();
  }

  /** Components by group:name; a name with several versions keeps them all. */
  static Map<String, List<Component>> byKey(Bom bom) {
    return components(bom).stream()
        .collect(Collectors.groupingBy(c -> c.getGroup() + ":" + c.getName()));
  }

  /** A third-party component is fully identified: a version and the purl that names it. */
  static void assertIdentified(Component c, String where) {
    String key = c.getGroup() + ":" + c.getName();
    assertTrue(
        c.getVersion() != null && !c.getVersion().isBlank(), key + " has a version in " + where);
    String expected = "pkg:maven/" + c.getGroup() + "/" + c.getName() + "@" + c.getVersion();
    assertTrue(
        c.getPurl() != null && c.getPurl().startsWith(expected),
        key + ": purl " + c.getPurl() + " should start with " + expected + " in " + where);
  }
}

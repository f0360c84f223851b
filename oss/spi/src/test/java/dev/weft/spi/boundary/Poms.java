package dev.weft.spi.boundary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads Maven poms as plain XML: enough to see what they declare, without Maven. */
final class Poms {
  private Poms() {}

  static Element read(Path pom) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException(pom + ": cannot parse: " + e.getMessage(), e);
    }
  }

  /** Every pom.xml under {@code dir}, build output excluded. */
  static List<Path> under(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !p.toString().contains("/target/"))
          .sorted()
          .toList();
    }
  }

  /**
   * Why {@code pom} crosses into enterprise code: each dependency on {@code dev.weft.enterprise}
   * (in dependencies, dependencyManagement or a plugin's dependencies), its own groupId, or a
   * {@code weft.enterprise=true} that would skip the enforcer rule.
   */
  static List<String> enterpriseReferences(Path pom) {
    Element project = read(pom);
    List<String> found = new ArrayList<>();
    for (Element dep : descendants(project, "dependency")) {
      if (text(dep, "groupId").startsWith("dev.weft.enterprise")) {
        found.add(pom + ": depends on " + text(dep, "groupId") + ":" + text(dep, "artifactId"));
      }
    }
    if (text(project, "groupId").startsWith("dev.weft.enterprise")) {
      found.add(pom + ": groupId " + text(project, "groupId") + " is an enterprise one");
    }
    for (Element p : descendants(project, "weft.enterprise")) {
      if (!p.getTextContent().strip().equals("false")) {
        found.add(pom + ": sets weft.enterprise to " + p.getTextContent().strip());
      }
    }
    return found;
  }

  static List<Element> descendants(Element e, String name) {
    NodeList nodes = e.getElementsByTagName(name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  /** The text of the direct child {@code name} of {@code e}, or empty. */
  static String text(Element e, String name) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        return c.getTextContent().strip();
      }
    }
    return "";
  }

  static Element child(Element e, String name) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        return c;
      }
    }
    return null;
  }
}

package dev.weft.sbom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The build's modules, read from the root pom's {@code <modules>} and each module's pom. */
final class Reactor {
  /** This module: tests only, not part of any distribution. */
  static final String SELF = "weft-sbom-tests";

  private Reactor() {}

  /** The repository's root directory, set by the pom. */
  static Path root() {
    String root = System.getProperty("build.root");
    if (root == null) {
      throw new IllegalStateException("system property build.root is not set: run under Maven");
    }
    return Path.of(root);
  }

  /** The root project itself (weft-parent). */
  static ReactorModule parent() {
    return read(root());
  }

  /** Every module the root pom lists, in order, except this one. */
  static List<ReactorModule> modules() {
    Element project = parse(root().resolve("pom.xml"));
    List<ReactorModule> modules = new ArrayList<>();
    for (Element m : children(child(project, "modules"), "module")) {
      ReactorModule module = read(root().resolve(m.getTextContent().strip()));
      if (!module.artifactId().equals(SELF)) {
        modules.add(module);
      }
    }
    return modules;
  }

  private static ReactorModule read(Path dir) {
    Element project = parse(dir.resolve("pom.xml"));
    Element parent = child(project, "parent");
    String artifactId = text(project, "artifactId");
    String groupId = text(project, "groupId");
    String version = text(project, "version");
    if (parent != null) {
      groupId = groupId != null ? groupId : text(parent, "groupId");
      version = version != null ? version : text(parent, "version");
    }
    String packaging = text(project, "packaging");
    Element build = child(project, "build");
    String finalName = build == null ? null : text(build, "finalName");
    List<ReactorModule.Declared> declared = new ArrayList<>();
    for (Element d : children(child(project, "dependencies"), "dependency")) {
      String scope = text(d, "scope");
      declared.add(
          new ReactorModule.Declared(
              text(d, "groupId"),
              text(d, "artifactId"),
              text(d, "version"),
              scope == null ? "compile" : scope));
    }
    return new ReactorModule(
        dir,
        groupId,
        artifactId,
        version,
        packaging == null ? "jar" : packaging,
        finalName != null ? finalName : artifactId + "-" + version,
        List.copyOf(declared));
  }

  private static Element parse(Path pom) {
    if (!Files.isRegularFile(pom)) {
      throw new IllegalStateException(pom + " does not exist");
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(pom.toFile());
      return doc.getDocumentElement();
    } catch (IOException
        | org.xml.sax.SAXException
        | javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.getFirst();
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().strip();
  }
}

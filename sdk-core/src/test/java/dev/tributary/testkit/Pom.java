package dev.tributary.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A {@code pom.xml} read as plain XML — its own elements only, no parent, no profiles — for tests
 * that check the build against the docs: module lists, properties, managed versions.
 */
public final class Pom {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private final Path path;
  private final Element project;

  private Pom(Path path, Element project) {
    this.path = path;
    this.project = project;
  }

  /** The repository's root pom, {@code ../pom.xml} from a module's basedir. */
  public static Pom root() {
    return read(Path.of("../pom.xml"));
  }

  /** The pom at {@code path}. */
  public static Pom read(Path path) {
    return new Pom(path, parse(path).getDocumentElement());
  }

  /** Parses {@code xml} (a file or a fragment with one root element) into a document. */
  public static Document parse(String xml) {
    try {
      return builder().parse(new InputSource(new StringReader(xml)));
    } catch (IOException | SAXException e) {
      throw new AssertionError("Not well-formed XML: " + e.getMessage() + "\n" + xml, e);
    }
  }

  private static Document parse(Path path) {
    try {
      return parse(Files.readString(path));
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + path.toAbsolutePath(), e);
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory this pom is in. */
  public Path dir() {
    return path.toAbsolutePath().getParent();
  }

  /** {@code <project><version>}, or the parent's when the pom has none of its own. */
  public String version() {
    String own = text(project, "version");
    return own != null ? own : text(child(project, "parent"), "version");
  }

  /** Whether the pom names a {@code <parent>}. */
  public boolean hasParent() {
    return child(project, "parent") != null;
  }

  public String artifactId() {
    return text(project, "artifactId");
  }

  /** {@code <packaging>}, {@code jar} when absent. */
  public String packaging() {
    String packaging = text(project, "packaging");
    return packaging == null ? "jar" : packaging;
  }

  /** The {@code <properties>} of this pom (not its parent's). */
  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element p : children(child(project, "properties"))) {
      properties.put(p.getTagName(), p.getTextContent().trim());
    }
    return properties;
  }

  /** The {@code <modules>}, in order. */
  public List<String> modules() {
    return children(child(project, "modules")).stream().map(e -> e.getTextContent().trim())
        .toList();
  }

  /** The {@code <dependencyManagement>} entries, as written. */
  public List<Dependency> managedDependencies() {
    return dependencies(child(child(project, "dependencyManagement"), "dependencies"));
  }

  /**
   * The version {@code <dependencyManagement>} gives {@code groupId:artifactId} (type
   * {@code jar}), with {@code ${…}} resolved from this pom's properties and version.
   *
   * @throws AssertionError if it manages no such artifact
   */
  public String managedVersion(String groupId, String artifactId) {
    for (Dependency d : managedDependencies()) {
      if (d.groupId().equals(groupId) && d.artifactId().equals(artifactId)
          && d.type().equals("jar")) {
        return resolve(d.version());
      }
    }
    throw new AssertionError(path + " manages no version of " + groupId + ":" + artifactId);
  }

  /** {@code text} with every {@code ${property}} of this pom replaced. */
  public String resolve(String text) {
    Map<String, String> properties = properties();
    properties.put("project.version", version());
    Matcher m = PROPERTY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = properties.get(m.group(1));
      if (value == null) {
        throw new AssertionError(path + " has no property " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolve(value)));
    }
    return m.appendTail(out).toString();
  }

  /** One {@code <dependency>} element, as written. */
  public record Dependency(String groupId, String artifactId, String version, String type,
      String scope) {}

  /** The {@code <dependency>} children of a {@code <dependencies>} element. */
  public static List<Dependency> dependencies(Element dependencies) {
    List<Dependency> list = new ArrayList<>();
    for (Element d : children(dependencies)) {
      String type = text(d, "type");
      list.add(new Dependency(text(d, "groupId"), text(d, "artifactId"), text(d, "version"),
          type == null ? "jar" : type, text(d, "scope")));
    }
    return list;
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Element e : children(parent)) {
      if (e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  private static List<Element> children(Element parent) {
    List<Element> list = new ArrayList<>();
    if (parent == null) {
      return list;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        list.add(e);
      }
    }
    return list;
  }
}

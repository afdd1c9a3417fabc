package dev.tributary.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the published pages resolves: README.md, every page under docs/ (not
 * docs/_drafts/, which holds unpublished notes) and every module's README.md. A link's file or
 * directory must exist inside the repository, and its {@code #anchor}, when it points into a
 * Markdown page, must be one of that page's headings (as GitHub makes anchors of them) or an
 * explicit {@code id}.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}```.*?^ {0,3}```[^\\n]*$");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]\\n]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern EXPLICIT_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern DOCS_PATH = Pattern.compile("\\bdocs/[\\w./-]+\\.md\\b");
  private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");

  @Test
  void everyRelativeLinkAndAnchorResolves() {
    List<Path> pages = pages();
    assertThat(pages).as("pages checked").contains(ROOT.resolve("README.md"),
        ROOT.resolve("docs/configuration.md"));
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      for (String target : links(page)) {
        String problem = problem(page, target);
        if (problem != null) {
          broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everyDocsPageNamedInAPomExists() {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> poms = Files.walk(ROOT, 2)) {
      for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
        Matcher m = DOCS_PATH.matcher(read(pom));
        while (m.find()) {
          if (!Files.isRegularFile(ROOT.resolve(m.group()))) {
            missing.add(ROOT.relativize(pom) + ": " + m.group());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(missing).as("docs pages named in poms that do not exist").isEmpty();
  }

  @Test
  void anchorsAreMadeAsGitHubMakesThem() {
    assertThat(anchors("# Configuration reference\n## Producer API: `TributaryConfig.Builder`\n"
        + "## HTTP proxy properties (`pixy+http(s)://`, `rest+http(s)://`)\n"
        + "## Log4j2: `<Tributary>`\n## Notes\n## Notes\n"))
        .containsExactlyInAnyOrder("configuration-reference", "producer-api-tributaryconfigbuilder",
            "http-proxy-properties-pixyhttps-resthttps", "log4j2-tributary", "notes", "notes-1");
  }

  @Test
  void aMissingFileOrAnchorIsReported() {
    Path readme = ROOT.resolve("README.md");
    assertThat(problem(readme, "docs/no-such-page.md")).contains("no such file");
    assertThat(problem(readme, "docs/configuration.md#no-such-heading")).contains("no heading");
    assertThat(problem(readme, "#no-such-heading")).contains("no heading");
    assertThat(problem(readme, "../outside.md")).contains("outside the repository");
    assertThat(problem(readme, "docs/configuration.md#producer-api-tributaryconfigbuilder"))
        .isNull();
  }

  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"));
        Stream<Path> modules = Files.list(ROOT)) {
      docs.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !p.startsWith(ROOT.resolve("docs/_drafts")))
          .sorted()
          .forEach(pages::add);
      modules.filter(Files::isDirectory)
          .map(dir -> dir.resolve("README.md"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /** The link targets of a page that are not absolute URLs, outside code and comments. */
  private static List<String> links(Path page) {
    String text = CODE_SPAN.matcher(COMMENT.matcher(FENCE.matcher(read(page)).replaceAll(""))
        .replaceAll("")).replaceAll("");
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String target = m.group(1);
      if (!target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
        targets.add(target);
      }
    }
    return targets;
  }

  /** Why {@code target}, linked from {@code page}, is broken; null when it resolves. */
  private static String problem(Path page, String target) {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!resolved.startsWith(ROOT)) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file or directory: " + ROOT.relativize(resolved);
    }
    if (anchor != null && resolved.toString().endsWith(".md")
        && !anchors(read(resolved)).contains(anchor)) {
      return "no heading or id '" + anchor + "' in " + ROOT.relativize(resolved);
    }
    return null;
  }

  /** The anchors GitHub gives a page's headings (and its explicit ids). */
  static Set<String> anchors(String markdown) {
    String text = FENCE.matcher(markdown).replaceAll("");
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher h = HEADING.matcher(text);
    while (h.find()) {
      String slug = INLINE_LINK.matcher(h.group(1)).replaceAll("$1")
          .toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
          .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    Matcher id = EXPLICIT_ID.matcher(text);
    while (id.find()) {
      anchors.add(id.group(1));
    }
    return anchors;
  }

  private static String read(Path page) {
    try {
      return Files.readString(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

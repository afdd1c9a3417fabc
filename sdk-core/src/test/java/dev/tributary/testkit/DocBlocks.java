package dev.tributary.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the configuration blocks users copy from the docs identical to the ones the tests run.
 * A block lives once, as a test resource (XML) or as a marked region of a test's source
 * ({@code // docs:begin <name>} … {@code // docs:end}); {@link #assertDocumented} checks the
 * page holds it line for line (indentation aside).
 *
 * <p>The page is {@value #PAGE} from the repository root, or the file named by the system
 * property {@code tributary.secure.docs}.
 */
public final class DocBlocks {
  /** The page documenting secured destinations. */
  public static final String PAGE = "docs/security.md";

  private DocBlocks() {}

  /** The text of classpath resource {@code name} (e.g. {@code /secure/logback-sasl-ssl.xml}). */
  public static String resource(String name) {
    try (InputStream in = DocBlocks.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("No resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The lines between {@code // docs:begin <name>} and {@code // docs:end} in the test source
   * {@code source} (relative to the module, e.g. {@code src/test/java/...}).
   */
  public static String region(String source, String name) {
    List<String> lines = read(Path.of(source)).lines().toList();
    int begin = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals("// docs:begin " + name)) {
        begin = i;
      } else if (begin >= 0 && lines.get(i).trim().equals("// docs:end")) {
        return String.join("\n", lines.subList(begin + 1, i));
      }
    }
    throw new IllegalArgumentException("No region " + name + " in " + source);
  }

  /** Fails unless the docs page holds {@code block}'s lines in order, one after another. */
  public static void assertDocumented(String block) {
    Path page = Path.of(System.getProperty("tributary.secure.docs", "../" + PAGE));
    List<String> want = normalized(block);
    List<String> have = normalized(read(page));
    for (int i = 0; i + want.size() <= have.size(); i++) {
      if (have.subList(i, i + want.size()).equals(want)) {
        return;
      }
    }
    throw new AssertionError(page + " does not hold this block as the tests run it:\n" + block);
  }

  private static List<String> normalized(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path.toAbsolutePath(), e);
    }
  }
}

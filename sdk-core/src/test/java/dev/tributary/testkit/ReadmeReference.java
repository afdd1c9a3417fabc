package dev.tributary.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings named in one table of the configuration reference, {@code docs/configuration.md},
 * so a test can prove that every setting the code accepts is documented there. (The name is
 * historical: the reference used to be a section of the README.)
 *
 * <p>The page is found through the system property {@code tributary.configReference}, else at
 * {@code ../docs/configuration.md} from the working directory (surefire runs tests in the
 * module's basedir). A name is every {@code `code`} span in the first cell of a table row of the
 * subsection {@code ## <subsection>}: {@code `<Property name=…/>`} names {@code Property},
 * {@code `producerProperty(k, v)`} names {@code producerProperty}, and any other span names
 * itself up to its first space, {@code =} or {@code (}.
 */
public final class ReadmeReference {
  /** The page every setting must be named in, from the repository root. */
  public static final String PAGE = "docs/configuration.md";

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern ELEMENT = Pattern.compile("<([A-Za-z][\\w.-]*)");

  private ReadmeReference() {}

  /** The configuration reference's text. */
  public static String reference() {
    Path path = Path.of(System.getProperty("tributary.configReference", "../" + PAGE));
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the configuration reference at "
          + path.toAbsolutePath(), e);
    }
  }

  /**
   * The names in the first column of the tables under {@code ## subsection} (a heading that
   * starts with it) of {@link #PAGE}.
   *
   * @throws AssertionError if the subsection does not exist
   */
  public static Set<String> names(String subsection) {
    return defaults(subsection).keySet();
  }

  /**
   * The second column (the default) of the tables under {@code ## subsection}, by every name
   * in the row's first column, as written (trimmed).
   *
   * @throws AssertionError if the subsection does not exist
   */
  public static Map<String, String> defaults(String subsection) {
    Map<String, String> rows = new LinkedHashMap<>();
    boolean inSubsection = false;
    boolean found = false;
    for (String line : reference().lines().toList()) {
      if (line.startsWith("## ")) {
        inSubsection = line.substring(3).startsWith(subsection);
        found |= inSubsection;
        continue;
      }
      if (inSubsection && line.startsWith("|")) {
        String[] cells = line.substring(1).split("\\|", 3);
        Matcher m = CODE.matcher(cells[0]);
        while (m.find()) {
          rows.put(name(m.group(1).trim()), cells.length > 1 ? cells[1].trim() : "");
        }
      }
    }
    if (!found) {
      throw new AssertionError(PAGE + " has no '## " + subsection + "'");
    }
    return rows;
  }

  /** The first {@code `code`} span of {@code cell}, without the backticks. */
  public static String firstCode(String cell) {
    Matcher m = CODE.matcher(cell);
    if (!m.find()) {
      throw new AssertionError("No `code` value in '" + cell + "'");
    }
    return m.group(1);
  }

  private static String name(String code) {
    Matcher element = ELEMENT.matcher(code);
    if (element.lookingAt()) {
      return element.group(1);
    }
    int end = code.length();
    for (char stop : new char[] {' ', '=', '('}) {
      int at = code.indexOf(stop);
      if (at > 0) {
        end = Math.min(end, at);
      }
    }
    return code.substring(0, end);
  }
}

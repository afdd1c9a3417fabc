package dev.tributary.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's quick-start files, so tests can run them exactly as a newcomer pastes them.
 *
 * <p>Each quick-start file is the first fenced code block after a marker line
 * {@code <!-- quickstart:NAME -->} (an HTML comment, invisible on the rendered page). The names
 * today: {@code logback-pom}, {@code logback.xml}, {@code log4j2-pom}, {@code log4j2.xml},
 * {@code producer-pom}, {@code ShipEvents.java}. The quick starts point at
 * {@link #LOCAL_BROKER}; a test replaces it with its own broker's address.
 *
 * <p>The README is found through the system property {@code tributary.readme}, else at
 * {@code ../README.md} from the working directory (surefire runs tests in the module's basedir).
 */
public final class ReadmeQuickStart {
  /** The broker address every quick start ships to, which tests replace. */
  public static final String LOCAL_BROKER = "127.0.0.1:9092";

  private static final Pattern MARKER = Pattern.compile("^<!-- quickstart:(\\S+) -->$");

  private ReadmeQuickStart() {}

  /** The README's text. */
  public static String readme() {
    Path path = Path.of(System.getProperty("tributary.readme", "../README.md"));
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the README at " + path.toAbsolutePath(), e);
    }
  }

  /**
   * The quick-start file named {@code name}, as it appears in the README (ending with a line
   * break).
   *
   * @throws AssertionError if the README has no such marker or no code block after it
   */
  public static String file(String name) {
    String text = all().get(name);
    if (text == null) {
      throw new AssertionError("README.md has no '<!-- quickstart:" + name + " -->' followed by"
          + " a code block; it has " + all().keySet());
    }
    return text;
  }

  /**
   * {@link #file(String)} with {@link #LOCAL_BROKER} replaced by {@code bootstrapServers}.
   *
   * @throws AssertionError if the file does not name {@link #LOCAL_BROKER}
   */
  public static String file(String name, String bootstrapServers) {
    String text = file(name);
    if (!text.contains(LOCAL_BROKER)) {
      throw new AssertionError("The quick start '" + name + "' no longer ships to "
          + LOCAL_BROKER + ":\n" + text);
    }
    return text.replace(LOCAL_BROKER, bootstrapServers);
  }

  /** Every quick-start file of the README, by name, in order. */
  public static Map<String, String> all() {
    Map<String, String> files = new LinkedHashMap<>();
    List<String> lines = readme().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i).trim());
      if (!marker.matches()) {
        continue;
      }
      int open = i + 1;
      while (open < lines.size() && lines.get(open).isBlank()) {
        open++;
      }
      if (open == lines.size() || !lines.get(open).startsWith("```")) {
        continue;
      }
      List<String> body = new ArrayList<>();
      int line = open + 1;
      while (line < lines.size() && !lines.get(line).startsWith("```")) {
        body.add(lines.get(line++));
      }
      files.put(marker.group(1), String.join("\n", body) + "\n");
      i = line;
    }
    return files;
  }
}

package dev.tributary.testkit;

import dev.tributary.spi.Diagnostics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every diagnostic line as text: level, message and, for a cause, its full stack trace
 * (every message along its causes). Thread-safe.
 */
public final class RecordingDiagnostics implements Diagnostics {
  /** One entry per call, in order. */
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message, Throwable cause) {
    lines.add("WARN " + message + trace(cause));
  }

  @Override
  public void error(String message, Throwable cause) {
    lines.add("ERROR " + message + trace(cause));
  }

  /** The first line containing {@code fragment}, or null. */
  public String first(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).findFirst().orElse(null);
  }

  /** Every line, one per line. */
  @Override
  public String toString() {
    return String.join("\n", lines);
  }

  private static String trace(Throwable t) {
    if (t == null) {
      return "";
    }
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return "\n" + w;
  }
}

package dev.tributary.grpc.testkit;

import dev.tributary.spi.Diagnostics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every diagnostic message, with its cause chain's messages, as text. Thread-safe. */
public final class RecordingDiagnostics implements Diagnostics {
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message, Throwable cause) {
    lines.add("WARN " + message + chain(cause));
  }

  @Override
  public void error(String message, Throwable cause) {
    lines.add("ERROR " + message + chain(cause));
  }

  /** The messages of {@code t} and all its causes, as one string. */
  public static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(" | ").append(c);
    }
    return sb.toString();
  }
}

package dev.tributary.internal.appender;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Writes a {@link Throwable} the way Logback's {@code %ex} (and logstash-logback-encoder's
 * {@code stack_trace}) does: class and message, {@code at} frames, {@code Caused by:} and
 * indented {@code Suppressed:} sections, {@code ... N common frames omitted} for frames shared
 * with the enclosing trace, {@code [CIRCULAR REFERENCE: …]}, every line ending in {@code \n}.
 * Optionally shortened to {@code maxDepth} frames per throwable ({@code ... N frames
 * truncated}) and {@code maxLength} characters in all (ending in {@value #TRUNCATED}), so one
 * exception cannot make a record larger than Kafka accepts.
 *
 * <p>For appenders that hold the live throwable (Log4j2); the Logback appender formats
 * Logback's {@code IThrowableProxy} to the same text. Immutable and thread-safe; the caller
 * supplies the (reused) buffer.
 */
public final class StackTraceWriter {
  /** Marks text cut at {@code maxLength}. */
  public static final String TRUNCATED = "...[truncated]";

  private final int maxDepth;
  private final int maxLength;

  /**
   * @param maxDepth frames kept per throwable (each cause and suppressed one gets as many);
   *     0 keeps all
   * @param maxLength characters kept in all, marker included; 0 keeps all
   */
  public StackTraceWriter(int maxDepth, int maxLength) {
    if (maxDepth < 0 || maxLength < 0) {
      throw new IllegalArgumentException("maxDepth and maxLength must be >= 0 (0 = no limit), "
          + "were " + maxDepth + " and " + maxLength);
    }
    this.maxDepth = maxDepth;
    this.maxLength = maxLength;
  }

  /** Appends the trace of {@code t} to {@code out}. */
  public void write(Throwable t, StringBuilder out) {
    int start = out.length();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    append(t, null, null, 0, seen, out, start);
    int limit = start + maxLength;
    if (maxLength > 0 && out.length() > limit) {
      int cut = limit - TRUNCATED.length();
      if (cut > start && Character.isHighSurrogate(out.charAt(cut - 1))) {
        cut--; // never leave half a surrogate pair behind
      }
      out.setLength(Math.max(start, cut));
      out.append(TRUNCATED);
    }
  }

  private void append(Throwable t, StackTraceElement[] enclosing, String prefix, int indent,
      Set<Throwable> seen, StringBuilder out, int start) {
    indent(out, indent);
    if (prefix != null) {
      out.append(prefix);
    }
    if (!seen.add(t)) {
      out.append("[CIRCULAR REFERENCE: ");
      headline(t, out);
      out.append("]\n");
      return;
    }
    headline(t, out);
    out.append('\n');
    StackTraceElement[] frames = t.getStackTrace();
    int common = enclosing == null ? 0 : commonFrames(frames, enclosing);
    int own = frames.length - common;
    int shown = maxDepth > 0 ? Math.min(own, maxDepth) : own;
    for (int i = 0; i < shown; i++) {
      if (tooLong(out, start)) {
        return; // the rest will be cut anyway: do not format megabytes of frames
      }
      indent(out, indent + 1);
      out.append("at ").append(frames[i]).append('\n');
    }
    if (shown < own) {
      indent(out, indent + 1);
      out.append("... ").append(own - shown).append(" frames truncated\n");
    }
    if (common > 0) {
      indent(out, indent + 1);
      out.append("... ").append(common).append(" common frames omitted\n");
    }
    for (Throwable s : t.getSuppressed()) {
      append(s, frames, "Suppressed: ", indent + 1, seen, out, start);
    }
    Throwable cause = t.getCause();
    if (cause != null && !tooLong(out, start)) {
      append(cause, frames, "Caused by: ", indent, seen, out, start);
    }
  }

  /** Frames at the bottom of {@code frames} that equal those at the bottom of the enclosing trace. */
  private static int commonFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
    int i = frames.length - 1;
    int j = enclosing.length - 1;
    int count = 0;
    while (i >= 0 && j >= 0 && frames[i].equals(enclosing[j])) {
      count++;
      i--;
      j--;
    }
    return count;
  }

  private boolean tooLong(StringBuilder out, int start) {
    return maxLength > 0 && out.length() - start > maxLength;
  }

  /** Class name and message, as Logback prints them (never the throwable's own toString()). */
  private static void headline(Throwable t, StringBuilder out) {
    out.append(t.getClass().getName());
    String message;
    try {
      message = t.getMessage();
    } catch (RuntimeException e) {
      message = "[getMessage() threw " + e.getClass().getName() + "]";
    }
    if (message != null) {
      out.append(": ").append(message);
    }
  }

  private static void indent(StringBuilder out, int tabs) {
    for (int i = 0; i < tabs; i++) {
      out.append('\t');
    }
  }
}

package dev.tributary.internal.logback;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * Writes a throwable the way Logback's {@code %ex} (and logstash-logback-encoder's
 * {@code stack_trace}) does — class and message, {@code at} frames, {@code Caused by:} and
 * {@code Suppressed:} sections, {@code ... N common frames omitted} — optionally shortened to
 * a number of frames per throwable and a total length, so one exception cannot make a record
 * larger than Kafka accepts. Stateless and thread-safe; the caller supplies the buffer.
 */
public final class StackTraceFormatter {
  /** Marks text cut at {@code maxLength}. */
  static final String TRUNCATED = "...[truncated]";

  private final int maxDepth;
  private final int maxLength;

  /**
   * @param maxDepth frames kept per throwable (its cause and suppressed ones each get as many);
   *     0 keeps all
   * @param maxLength characters kept in total; 0 keeps all
   */
  public StackTraceFormatter(int maxDepth, int maxLength) {
    this.maxDepth = maxDepth;
    this.maxLength = maxLength;
  }

  /** Appends {@code tp} to {@code out} (which the caller clears), shortened as configured. */
  public void format(IThrowableProxy tp, StringBuilder out) {
    int start = out.length();
    append(tp, null, 0, out, start);
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

  private void append(IThrowableProxy tp, String prefix, int indent, StringBuilder out,
      int start) {
    indent(out, indent);
    if (prefix != null) {
      out.append(prefix);
    }
    if (tp.isCyclic()) {
      out.append("[CIRCULAR REFERENCE: ");
      headline(tp, out);
      out.append("]\n");
      return;
    }
    headline(tp, out);
    out.append('\n');
    StackTraceElementProxy[] frames = tp.getStackTraceElementProxyArray();
    int common = Math.max(0, Math.min(tp.getCommonFrames(), frames.length));
    int own = frames.length - common;
    int shown = maxDepth > 0 ? Math.min(own, maxDepth) : own;
    for (int i = 0; i < shown; i++) {
      if (tooLong(out, start)) {
        return; // the rest will be cut anyway: do not format megabytes of frames
      }
      indent(out, indent + 1);
      out.append(frames[i].getSTEAsString()).append('\n');
    }
    if (shown < own) {
      indent(out, indent + 1);
      out.append("... ").append(own - shown).append(" frames truncated\n");
    }
    if (common > 0) {
      indent(out, indent + 1);
      out.append("... ").append(common).append(" common frames omitted\n");
    }
    IThrowableProxy[] suppressed = tp.getSuppressed();
    if (suppressed != null) {
      for (IThrowableProxy s : suppressed) {
        append(s, "Suppressed: ", indent + 1, out, start);
      }
    }
    IThrowableProxy cause = tp.getCause();
    if (cause != null && !tooLong(out, start)) {
      append(cause, "Caused by: ", indent, out, start);
    }
  }

  private boolean tooLong(StringBuilder out, int start) {
    return maxLength > 0 && out.length() - start > maxLength;
  }

  private static void headline(IThrowableProxy tp, StringBuilder out) {
    out.append(tp.getClassName());
    String message = tp.getMessage();
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

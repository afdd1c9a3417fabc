package dev.tributary.internal.appender;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Writes a throwable the way Logback's {@code %ex} (and logstash-logback-encoder's
 * {@code stack_trace}) does: class and message, {@code at} frames, {@code Caused by:} and
 * indented {@code Suppressed:} sections, {@code ... N common frames omitted} for frames shared
 * with the enclosing trace, {@code [CIRCULAR REFERENCE: …]}, every line ending in {@code \n}.
 * Optionally shortened to {@code maxDepth} frames per throwable ({@code ... N frames
 * truncated}) and {@code maxLength} characters in all (ending in {@value #TRUNCATED}), so one
 * exception cannot make a record larger than Kafka accepts.
 *
 * <p>Reads a live {@link Throwable} ({@link #write(Throwable, StringBuilder)}), or any copy of
 * one through an {@link Access} (Logback events carry an {@code IThrowableProxy}), so both
 * appenders write the same text. Immutable and thread-safe; the caller supplies the (reused)
 * buffer.
 */
public final class StackTraceWriter {
  /** Marks text cut at {@code maxLength}. */
  public static final String TRUNCATED = "...[truncated]";

  /**
   * How the writer reads one kind of throwable. Implementations are stateless singletons.
   *
   * @param <T> the throwable type: {@link Throwable} or a framework's copy of one
   */
  public interface Access<T> {
    String className(T t);

    String message(T t);

    StackTraceElement[] frames(T t);

    T cause(T t);

    /** The suppressed throwables; null or empty for none. */
    T[] suppressed(T t);

    /** Whether {@code t} stands for a throwable already written (a copy may mark that). */
    default boolean circular(T t) {
      return false;
    }
  }

  /** Reads live throwables. */
  public static final Access<Throwable> THROWABLE = new Access<>() {
    @Override
    public String className(Throwable t) {
      return t.getClass().getName();
    }

    @Override
    public String message(Throwable t) {
      return t.getMessage();
    }

    @Override
    public StackTraceElement[] frames(Throwable t) {
      return t.getStackTrace();
    }

    @Override
    public Throwable cause(Throwable t) {
      return t.getCause();
    }

    @Override
    public Throwable[] suppressed(Throwable t) {
      return t.getSuppressed();
    }
  };

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
    write(t, THROWABLE, out);
  }

  /** Appends the trace of {@code t}, read through {@code access}, to {@code out}. */
  public <T> void write(T t, Access<T> access, StringBuilder out) {
    int start = out.length();
    Set<T> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    append(new Walk<>(access, seen, out, start), t, null, null, 0);
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

  /** What one {@link #write} call carries down the recursion. */
  private record Walk<T>(Access<T> access, Set<T> seen, StringBuilder out, int start) {}

  private <T> void append(Walk<T> w, T t, StackTraceElement[] enclosing, String prefix,
      int indent) {
    StringBuilder out = w.out();
    indent(out, indent);
    if (prefix != null) {
      out.append(prefix);
    }
    if (w.access().circular(t) || !w.seen().add(t)) {
      out.append("[CIRCULAR REFERENCE: ");
      headline(w.access(), t, out);
      out.append("]\n");
      return;
    }
    headline(w.access(), t, out);
    out.append('\n');
    StackTraceElement[] frames = w.access().frames(t);
    if (frames == null) {
      frames = new StackTraceElement[0];
    }
    int common = enclosing == null ? 0 : commonFrames(frames, enclosing);
    int own = frames.length - common;
    int shown = maxDepth > 0 ? Math.min(own, maxDepth) : own;
    for (int i = 0; i < shown; i++) {
      if (tooLong(out, w.start())) {
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
    T[] suppressed = w.access().suppressed(t);
    if (suppressed != null) {
      for (T s : suppressed) {
        append(w, s, frames, "Suppressed: ", indent + 1);
      }
    }
    T cause = w.access().cause(t);
    if (cause != null && !tooLong(out, w.start())) {
      append(w, cause, frames, "Caused by: ", indent);
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
  private static <T> void headline(Access<T> access, T t, StringBuilder out) {
    out.append(access.className(t));
    String message;
    try {
      message = access.message(t);
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

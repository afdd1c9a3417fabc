package dev.tributary.internal;

import dev.tributary.spi.Diagnostics;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Copies the SDK's warnings and errors to stderr when the diagnostics they are written to would
 * not show them: Logback's status manager without {@code debug="true"}, Log4j2's StatusLogger
 * below WARN, SLF4J without a provider. A dead destination or a drop must be visible without
 * turning anything on, and where the framework already prints the line it is not printed twice.
 *
 * <p>Sits inside the secret guard ({@code RedactingDiagnostics}), so what it prints is scrubbed.
 * Callers rate-limit what they report; this prints one short line per message (the cause's
 * {@code toString}, no stack trace). Thread-safe; never throws.
 */
public final class ConsoleWarnings implements Diagnostics {
  /** Diagnostics that know whether the application's console already shows what they write. */
  public interface Visible {
    /** Whether a warning (or, with {@code error}, an error) written now reaches the console. */
    boolean shows(boolean error);

    /** What a console line starts with, naming whose message it is. */
    default String label() {
      return "Tributary: ";
    }
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  /** Long enough for a close report and its cause; a status line, not a log. */
  static final int MAX_LINE_CHARS = 2_000;

  private final Diagnostics delegate;
  private final Supplier<PrintStream> out;

  ConsoleWarnings(Diagnostics delegate, Supplier<PrintStream> out) {
    this.delegate = delegate;
    this.out = out;
  }

  /**
   * {@code diagnostics} with warnings copied to stderr when needed; itself when {@code enabled}
   * is false or it writes where the application chose (a {@link Diagnostics} of its own, or
   * {@link Diagnostics#none()}).
   */
  public static Diagnostics wrap(Diagnostics diagnostics, boolean enabled) {
    Diagnostics inner = unwrap(diagnostics);
    boolean knowsVisibility = inner instanceof Visible || inner == Diagnostics.slf4j();
    // System.err is read per line: tests and launchers replace it.
    return enabled && knowsVisibility ? new ConsoleWarnings(inner, () -> System.err) : inner;
  }

  /** The diagnostics given, without this copy. */
  public static Diagnostics unwrap(Diagnostics diagnostics) {
    return diagnostics instanceof ConsoleWarnings c ? c.delegate : diagnostics;
  }

  @Override
  public void info(String message) {
    delegate.info(message);
  }

  @Override
  public void warn(String message, Throwable cause) {
    delegate.warn(message, cause);
    if (!shown(false)) {
      print("WARN", message, cause);
    }
  }

  @Override
  public void error(String message, Throwable cause) {
    delegate.error(message, cause);
    if (!shown(true)) {
      print("ERROR", message, cause);
    }
  }

  private boolean shown(boolean error) {
    try {
      if (delegate instanceof Visible v) {
        return v.shows(error);
      }
      // SLF4J's own logger: a provider prints what its level lets through (a substitute logger
      // while SLF4J initialises records everything and replays it then).
      var log = LoggerFactory.getLogger("dev.tributary");
      return error ? log.isErrorEnabled() : log.isWarnEnabled();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private void print(String level, String message, Throwable cause) {
    try {
      String text = (delegate instanceof Visible v ? v.label() : "Tributary: ") + message;
      if (cause != null) {
        text += " (" + cause + ")";
      }
      text = text.replace('\n', ' ').replace('\r', ' ');
      if (text.length() > MAX_LINE_CHARS) {
        text = text.substring(0, MAX_LINE_CHARS) + "...";
      }
      out.get().println(LocalTime.now().format(TIME) + ' ' + level + ' ' + text);
    } catch (RuntimeException e) {
      // A closed or broken stderr must not take the pipeline down.
    }
  }
}

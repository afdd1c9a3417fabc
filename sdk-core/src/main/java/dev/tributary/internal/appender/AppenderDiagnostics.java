package dev.tributary.internal.appender;

import dev.tributary.internal.ConsoleWarnings;
import dev.tributary.spi.Diagnostics;
import java.util.function.Supplier;

/**
 * Diagnostics of one appender: every message starts with {@code Tributary appender '<name>': }
 * — the name as the user wrote it in the configuration, never a client id or a manager's
 * name — and goes to the framework's status system through a {@link Sink}. A failing status
 * system never breaks delivery: whatever the sink throws is swallowed. Thread-safe.
 *
 * <pre>{@code
 * Diagnostics d = new AppenderDiagnostics(this::getName, (severity, message, cause) -> ...);
 * }</pre>
 */
public final class AppenderDiagnostics implements Diagnostics, ConsoleWarnings.Visible {
  /** How serious a message is. */
  public enum Severity {
    INFO,
    WARN,
    ERROR
  }

  /** Writes one finished message to the framework's status system. */
  @FunctionalInterface
  public interface Sink {
    /** @param cause null when the message has none */
    void write(Severity severity, String message, Throwable cause);
  }

  private final Supplier<String> appenderName;
  private final Sink sink;
  private final ConsoleWarnings.Visible console;

  /**
   * Diagnostics whose warnings the framework is taken to show: never copied to stderr.
   *
   * @param appenderName read per message, so an appender named after construction (as Logback
   *     does) is named right
   */
  public AppenderDiagnostics(Supplier<String> appenderName, Sink sink) {
    this(appenderName, sink, error -> true);
  }

  /**
   * @param console whether the framework prints a warning or error written now to the console
   *     by itself; when it does not, the producer's warnings are copied to stderr (see
   *     {@link dev.tributary.TributaryConfig#consoleWarnings()})
   */
  public AppenderDiagnostics(Supplier<String> appenderName, Sink sink,
      ConsoleWarnings.Visible console) {
    this.appenderName = appenderName;
    this.sink = sink;
    this.console = console;
  }

  @Override
  public boolean shows(boolean error) {
    return console.shows(error);
  }

  @Override
  public String label() {
    return prefix(appenderName.get());
  }

  /** The prefix of every message of the appender named {@code name}. */
  public static String prefix(String name) {
    return "Tributary appender '" + name + "': ";
  }

  @Override
  public void info(String message) {
    write(Severity.INFO, message, null);
  }

  @Override
  public void warn(String message, Throwable cause) {
    write(Severity.WARN, message, cause);
  }

  @Override
  public void error(String message, Throwable cause) {
    write(Severity.ERROR, message, cause);
  }

  private void write(Severity severity, String message, Throwable cause) {
    try {
      sink.write(severity, prefix(appenderName.get()) + message, cause);
    } catch (RuntimeException ignored) {
      // A broken status system must not break delivery.
    }
  }
}

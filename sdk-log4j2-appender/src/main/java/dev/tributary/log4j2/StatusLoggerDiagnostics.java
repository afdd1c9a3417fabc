package dev.tributary.log4j2;

import dev.tributary.internal.appender.AppenderDiagnostics;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Diagnostics of one {@code <Tributary>} appender, written to Log4j2's {@link StatusLogger},
 * which prints to the console and never through a Log4j2 logger, so they cannot re-enter an
 * appender. Shown when the configuration's {@code status} level allows (e.g.
 * {@code <Configuration status="warn">}); every message names the appender. Where the
 * StatusLogger would not print a warning or an error, the producer's own are also printed on
 * stderr (see {@code consoleWarnings}).
 */
final class StatusLoggerDiagnostics {
  private static final Logger STATUS = StatusLogger.getLogger();

  private StatusLoggerDiagnostics() {}

  static AppenderDiagnostics forAppender(String appenderName) {
    return new AppenderDiagnostics(() -> appenderName, (severity, message, cause) ->
        STATUS.log(severity == AppenderDiagnostics.Severity.INFO ? Level.INFO
            : severity == AppenderDiagnostics.Severity.WARN ? Level.WARN : Level.ERROR,
            message, cause),
        error -> STATUS.isEnabled(error ? Level.ERROR : Level.WARN));
  }
}

package dev.tributary.log4j2;

import dev.tributary.spi.Diagnostics;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Sends the SDK's own diagnostics to Log4j2's {@link StatusLogger}, which prints to the console
 * and never through a Log4j2 logger, so they cannot re-enter an appender. Shown when the
 * configuration's {@code status} level allows (e.g. {@code <Configuration status="warn">}).
 */
final class StatusLoggerDiagnostics implements Diagnostics {
  private static final Logger STATUS = StatusLogger.getLogger();
  private final String prefix;

  StatusLoggerDiagnostics(String appenderName) {
    this.prefix = "Tributary appender '" + appenderName + "': ";
  }

  @Override
  public void info(String message) {
    try {
      STATUS.info(prefix + message);
    } catch (RuntimeException ignored) {
      // Diagnostics never throw.
    }
  }

  @Override
  public void warn(String message, Throwable cause) {
    try {
      STATUS.warn(prefix + message, cause);
    } catch (RuntimeException ignored) {
      // Diagnostics never throw.
    }
  }

  @Override
  public void error(String message, Throwable cause) {
    try {
      STATUS.error(prefix + message, cause);
    } catch (RuntimeException ignored) {
      // Diagnostics never throw.
    }
  }
}

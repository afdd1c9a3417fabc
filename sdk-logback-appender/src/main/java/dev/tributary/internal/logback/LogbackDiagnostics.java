package dev.tributary.internal.logback;

import ch.qos.logback.core.spi.ContextAware;
import dev.tributary.spi.Diagnostics;

/**
 * Sends the SDK's own diagnostics to Logback's status manager, attributed to the appender, so
 * they never travel back through a logger into the appender that is shipping logs. The
 * pipeline rate-limits what it reports; this only writes. Thread-safe; never throws.
 */
public final class LogbackDiagnostics implements Diagnostics {
  private final ContextAware owner;

  public LogbackDiagnostics(ContextAware owner) {
    this.owner = owner;
  }

  @Override
  public void info(String message) {
    try {
      owner.addInfo(message);
    } catch (RuntimeException ignored) {
      // A broken status manager must not break delivery.
    }
  }

  @Override
  public void warn(String message, Throwable cause) {
    try {
      if (cause == null) {
        owner.addWarn(message);
      } else {
        owner.addWarn(message, cause);
      }
    } catch (RuntimeException ignored) {
      // as above
    }
  }

  @Override
  public void error(String message, Throwable cause) {
    try {
      if (cause == null) {
        owner.addError(message);
      } else {
        owner.addError(message, cause);
      }
    } catch (RuntimeException ignored) {
      // as above
    }
  }
}

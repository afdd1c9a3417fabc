package dev.tributary.spi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the SDK's own diagnostics go: warnings about drops and retries, errors from transports.
 *
 * <p>The default writes to SLF4J under the logger {@code dev.tributary}. The Logback and Log4j2
 * appenders replace it with their framework's status system, so the SDK's own messages never
 * travel back through the appender that is shipping logs. Callers rate-limit what they report;
 * implementations just write. Implementations must be thread-safe and must never throw.
 */
public interface Diagnostics {

  void info(String message);

  void warn(String message, Throwable cause);

  void error(String message, Throwable cause);

  /** Diagnostics written to SLF4J's {@code dev.tributary} logger. */
  static Diagnostics slf4j() {
    return Slf4jDiagnostics.INSTANCE;
  }

  /** Drops every message; for tests and benchmarks. */
  static Diagnostics none() {
    return NoDiagnostics.INSTANCE;
  }

  /** The SLF4J implementation; resolved lazily so merely loading the SDK binds nothing. */
  final class Slf4jDiagnostics implements Diagnostics {
    static final Slf4jDiagnostics INSTANCE = new Slf4jDiagnostics();

    private Slf4jDiagnostics() {}

    private static Logger log() {
      return Holder.LOG;
    }

    @Override
    public void info(String message) {
      log().info(message);
    }

    @Override
    public void warn(String message, Throwable cause) {
      log().warn(message, cause);
    }

    @Override
    public void error(String message, Throwable cause) {
      log().error(message, cause);
    }

    private static final class Holder {
      static final Logger LOG = LoggerFactory.getLogger("dev.tributary");
    }
  }

  /** Diagnostics that go nowhere. */
  final class NoDiagnostics implements Diagnostics {
    static final NoDiagnostics INSTANCE = new NoDiagnostics();

    private NoDiagnostics() {}

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message, Throwable cause) {}

    @Override
    public void error(String message, Throwable cause) {}
  }
}

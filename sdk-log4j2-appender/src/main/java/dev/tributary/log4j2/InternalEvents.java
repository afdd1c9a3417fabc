package dev.tributary.log4j2;

import dev.tributary.internal.appender.RateLimitedCounter;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Handles the events the loop guard keeps away from Kafka (from the SDK's and its clients' own
 * loggers and threads, or logged re-entrantly from inside the appender): hands them to the
 * fallback appenders named with nested {@code <AppenderRef>}s, or else drops and counts them.
 * Either way their warnings and errors still reach the StatusLogger (rate-limited), so a Kafka
 * client complaining about an unreachable broker is not silenced. Also counts encoding
 * failures. Thread-safe.
 */
final class InternalEvents {
  private static final Logger STATUS = StatusLogger.getLogger();
  private static final AppenderControl[] NONE = new AppenderControl[0];

  private final String appenderName;
  private final RateLimitedCounter dropped = new RateLimitedCounter();
  private final RateLimitedCounter relayed = new RateLimitedCounter();
  private final RateLimitedCounter encodeFailures = new RateLimitedCounter();
  private final LongAdder forwarded = new LongAdder();
  private volatile AppenderControl[] fallback = NONE;

  InternalEvents(String appenderName) {
    this.appenderName = appenderName;
  }

  /** Sets where internal events go from now on; empty drops them. */
  void fallback(AppenderControl[] controls) {
    this.fallback = controls.clone();
  }

  /**
   * @param why a short reason for the status message, e.g. {@code internal logger}
   */
  void handle(LogEvent event, String why) {
    AppenderControl[] targets = fallback;
    if (targets.length > 0) {
      for (AppenderControl target : targets) {
        try {
          target.callAppender(event);
        } catch (RuntimeException e) {
          // The fallback's failure is its own; the shipping path must not see it.
        }
      }
      forwarded.increment();
      return;
    }
    long n = dropped.increment();
    if (RateLimitedCounter.isReported(n)) {
      STATUS.info("Tributary appender '{}': not shipped to Kafka: {} event(s) so far that the "
          + "shipping itself causes (latest: {}, logger {}, thread {}). Name an appender for "
          + "them with <AppenderRef> inside <Tributary> to keep them.", appenderName, n, why,
          event.getLoggerName(), event.getThreadName());
    }
    if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
      long m = relayed.increment();
      if (RateLimitedCounter.isReported(m)) {
        STATUS.warn("Tributary appender '{}': {} from {} ({} warning(s) or error(s) from the "
            + "shipping path so far): {}", appenderName, event.getLevel(), event.getLoggerName(),
            m, event.getMessage().getFormattedMessage());
      }
    }
  }

  void encodeFailed(Throwable e) {
    long n = encodeFailures.increment();
    if (RateLimitedCounter.isReported(n)) {
      STATUS.error("Tributary appender '{}': could not encode {} event(s) so far; latest: {}",
          appenderName, n, e.toString(), e);
    }
  }

  /** Internal events dropped because no fallback appender was named. */
  long dropped() {
    return dropped.count();
  }

  /** Internal events handed to the fallback appenders. */
  long forwarded() {
    return forwarded.sum();
  }

  /** Events whose layout threw. */
  long encodingFailures() {
    return encodeFailures.count();
  }
}

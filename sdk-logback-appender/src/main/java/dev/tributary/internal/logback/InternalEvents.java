package dev.tributary.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.spi.ContextAware;
import dev.tributary.internal.appender.RateLimitedCounter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handles the events an appender does not ship. Those the loop guard keeps away from Kafka —
 * from the SDK's and Kafka's own loggers and threads, or logged re-entrantly from inside the
 * appender — go to the fallback appenders the user attached, or else are dropped and counted;
 * events the encoder failed on are counted. Every kind is reported rate-limited (1st, 20th,
 * 100th, 1000th…). Warnings and errors of the shipping path reach the Logback status system
 * either way, so a Kafka client complaining about an unreachable broker is not silenced.
 * Thread-safe.
 */
public final class InternalEvents {
  /** Why an event was kept from Kafka, in words for status messages. */
  public static final String INTERNAL_LOGGER = "it came from an SDK or Kafka/HTTP/gRPC logger";
  public static final String INTERNAL_THREAD = "it was logged on an SDK or client I/O thread";
  public static final String REENTRANT = "it was logged from inside the appender (re-entrant)";

  private final ContextAware owner;
  private final AppenderAttachableImpl<ILoggingEvent> fallback;
  private final RateLimitedCounter dropped = new RateLimitedCounter();
  private final RateLimitedCounter relayed = new RateLimitedCounter();
  private final RateLimitedCounter encodingFailures = new RateLimitedCounter();
  private final LongAdder forwarded = new LongAdder();

  public InternalEvents(ContextAware owner, AppenderAttachableImpl<ILoggingEvent> fallback) {
    this.owner = owner;
    this.fallback = fallback;
  }

  /** An event the loop guard rejected; {@code why} is one of the constants above. */
  public void handle(ILoggingEvent event, String why) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      long m = relayed.increment();
      if (RateLimitedCounter.isReported(m)) {
        owner.addWarn(event.getLevel() + " from " + event.getLoggerName() + " (" + m
            + " warning(s) or error(s) from the shipping path so far): "
            + event.getFormattedMessage());
      }
    }
    if (fallback.appendLoopOnAppenders(event) > 0) {
      forwarded.increment();
      return;
    }
    long n = dropped.increment();
    if (RateLimitedCounter.isReported(n)) {
      owner.addInfo("Not shipped to Kafka: " + n + " event(s) so far of the shipping path "
          + "itself (latest: " + why + "; logger " + event.getLoggerName() + ", thread "
          + event.getThreadName() + "). To keep them, name an appender with <appender-ref> "
          + "inside this appender.");
    }
  }

  /** An event the encoder could not turn into bytes. */
  public void encodingFailed(RuntimeException e) {
    long n = encodingFailures.increment();
    if (RateLimitedCounter.isReported(n)) {
      owner.addError("Could not encode " + n + " event(s) so far; latest: " + e, e);
    }
  }

  /** Events of the shipping path dropped because no fallback appender was attached. */
  public long dropped() {
    return dropped.count();
  }

  /** Events of the shipping path handed to the fallback appenders. */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Events dropped because encoding them failed. */
  public long encodingFailures() {
    return encodingFailures.count();
  }
}

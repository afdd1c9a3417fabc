package dev.tributary.internal.appender;

import dev.tributary.spi.Diagnostics;
import java.util.concurrent.atomic.LongAdder;

/**
 * The policy for the events an appender must not ship: those the {@link LoopGuard} keeps from
 * Kafka (from the SDK's and its clients' own loggers and threads, or logged re-entrantly from
 * inside the appender), and those the encoder fails on.
 *
 * <ul>
 *   <li>Their warnings and errors are always copied to the status system (rate-limited), with
 *       or without a fallback appender: a fallback may be a file nobody reads or filter them
 *       out, and a Kafka client complaining about an unreachable broker must stay visible
 *       where the appender's health is reported.
 *   <li>Each event then goes to the fallback appenders the user named. It counts as forwarded
 *       when at least one took it; a fallback that throws is reported (rate-limited, by name)
 *       and does not count. An event no fallback took is dropped and counted.
 *   <li>Encoding failures are counted and reported with their cause.
 * </ul>
 *
 * <p>Every report is rate-limited (1st, 20th, 100th, 1000th…), so a chatty Kafka client or a
 * broken encoder cannot flood the status system. Thread-safe.
 *
 * @param <E> the framework's event type
 */
public final class InternalEvents<E> {
  /** Why an event was kept from Kafka, in words for status messages. */
  public static final String INTERNAL_LOGGER = "it came from an SDK or Kafka/HTTP/gRPC logger";
  public static final String INTERNAL_THREAD = "it was logged on an SDK or client I/O thread";
  public static final String REENTRANT = "it was logged from inside the appender (re-entrant)";
  /** {@link EventView#levelValue} of WARN. */
  private static final int WARN = 30_000;

  /** Where kept-back events go instead of Kafka: the fallback appenders the user named. */
  @FunctionalInterface
  public interface Fallback<E> {
    /**
     * Hands {@code event} to every fallback appender and returns how many took it: 0 when none
     * is attached. An appender that throws is not counted; its exception goes to
     * {@code failed}.
     */
    int forward(E event, FailureSink failed);
  }

  /** Hears of a fallback appender that threw. */
  @FunctionalInterface
  public interface FailureSink {
    void failed(String appenderName, RuntimeException e);
  }

  private final EventView<E> view;
  private final Diagnostics status;
  private final Fallback<E> fallback;
  private final String fallbackHint;
  private final FailureSink onFallbackFailure = this::fallbackFailed;
  private final RateLimitedCounter dropped = new RateLimitedCounter();
  private final RateLimitedCounter relayed = new RateLimitedCounter();
  private final RateLimitedCounter encodingFailures = new RateLimitedCounter();
  private final RateLimitedCounter fallbackFailures = new RateLimitedCounter();
  private final LongAdder forwarded = new LongAdder();

  /**
   * @param status where reports go; names the appender
   * @param fallbackHint how a user names a fallback appender, e.g. {@code <appender-ref> inside
   *     this appender}
   */
  public InternalEvents(EventView<E> view, Diagnostics status, Fallback<E> fallback,
      String fallbackHint) {
    this.view = view;
    this.status = status;
    this.fallback = fallback;
    this.fallbackHint = fallbackHint;
  }

  /** An event the loop guard kept from Kafka; {@code why} is one of the constants above. */
  public void handle(E event, String why) {
    if (view.levelValue(event) >= WARN) {
      relay(event);
    }
    if (fallback.forward(event, onFallbackFailure) > 0) {
      forwarded.increment();
      return;
    }
    long n = dropped.increment();
    if (RateLimitedCounter.isReported(n)) {
      status.info("Not shipped to Kafka: " + n + " event(s) so far of the shipping path itself, "
          + "taken by no fallback appender (latest: " + why + "; logger "
          + view.loggerName(event) + ", thread " + view.threadName(event) + "). To keep them, "
          + "name an appender with " + fallbackHint + ".");
    }
  }

  private void relay(E event) {
    long n = relayed.increment();
    if (RateLimitedCounter.isReported(n)) {
      status.warn(view.level(event) + " from " + view.loggerName(event) + " (" + n
          + " warning(s) or error(s) from the shipping path so far): "
          + view.message(event, new StringBuilder()), null);
    }
  }

  private void fallbackFailed(String appenderName, RuntimeException e) {
    long n = fallbackFailures.increment();
    if (RateLimitedCounter.isReported(n)) {
      status.warn("The fallback appender '" + appenderName + "' failed on an event of the "
          + "shipping path (" + n + " failure(s) of fallback appenders so far): " + e
          + rootCause(e), e);
    }
  }

  /** Frameworks wrap an appender's failure; the innermost cause says what went wrong. */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    return root == e ? "" : " (cause: " + root + ")";
  }

  /** An event the encoder could not turn into bytes; it is dropped. */
  public void encodingFailed(Throwable e) {
    long n = encodingFailures.increment();
    if (RateLimitedCounter.isReported(n)) {
      status.error("Could not encode " + n + " event(s) so far; latest: " + e, e);
    }
  }

  /** Events of the shipping path that no fallback appender took. */
  public long dropped() {
    return dropped.count();
  }

  /** Events of the shipping path that at least one fallback appender took. */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Events dropped because encoding them failed. */
  public long encodingFailures() {
    return encodingFailures.count();
  }

  /** Times a fallback appender threw on an event handed to it. */
  public long fallbackFailures() {
    return fallbackFailures.count();
  }

  /** The counts, for a stop report. */
  public String summary() {
    return "events of the shipping path itself not shipped: dropped=" + dropped()
        + ", forwarded to fallback appenders=" + forwarded() + "; encoding failures="
        + encodingFailures();
  }
}

package dev.tributary.internal.appender;

import dev.tributary.TributaryConfigException;
import java.util.Locale;

/**
 * How an appender picks the Kafka record key of a log event: no key, the logger name, the
 * thread name, the host name, or the value of one MDC / context-map entry. Written in
 * configuration as {@code none}, {@code logger}, {@code thread}, {@code host} or
 * {@code mdc:<key>}; {@link #parse} turns that text into a {@link Selection}.
 *
 * <p>The key decides the partition, and with it which events keep their relative order: with
 * {@code none} Kafka spreads events over partitions (best throughput, no order across
 * batches); with {@code logger} or {@code mdc:requestId} the events of one logger or one request
 * stay in order.
 */
public enum KeyStrategy {
  /** No key: Kafka's partitioner spreads records. */
  NONE,
  /** The logger name. */
  LOGGER,
  /** The name of the thread that logged. */
  THREAD,
  /** This machine's host name ({@link HostName}). */
  HOST,
  /** The value of one MDC entry; no key when the entry is absent. */
  MDC;

  /** The text forms {@link #parse} accepts, for error messages and docs. */
  public static final String ALLOWED = "one of none, logger, thread, host, mdc:<key>";

  private static final Selection NO_KEY = new Selection(NONE, null);

  /**
   * Parses {@code text}; null or blank means {@code none}. Case-insensitive except the MDC key.
   *
   * @param setting the setting name to report, e.g. {@code keyStrategy}
   * @throws TributaryConfigException naming {@code setting} for any other text
   */
  public static Selection parse(String setting, String text) {
    if (text == null || text.isBlank()) {
      return NO_KEY;
    }
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mdc:")) {
      String key = t.substring(4).trim();
      if (key.isEmpty()) {
        throw new TributaryConfigException(setting, text, "mdc: needs a key, e.g. mdc:requestId");
      }
      return new Selection(MDC, key);
    }
    switch (lower) {
      case "none":
        return NO_KEY;
      case "logger":
        return new Selection(LOGGER, null);
      case "thread":
        return new Selection(THREAD, null);
      case "host":
        return new Selection(HOST, null);
      default:
        throw new TributaryConfigException(setting, text, ALLOWED);
    }
  }

  /**
   * A parsed key setting: the strategy and, for {@link #MDC}, the entry's name. Immutable.
   *
   * @param strategy where the key comes from
   * @param mdcName the MDC entry for {@link #MDC}, otherwise null
   */
  public record Selection(KeyStrategy strategy, String mdcName) {
    /**
     * The key of one event, or null for no key.
     *
     * @param mdcValue the event's value of {@link #mdcName()}, only read for {@link #MDC}
     */
    public String key(String loggerName, String threadName, String mdcValue) {
      switch (strategy) {
        case LOGGER:
          return loggerName;
        case THREAD:
          return threadName;
        case HOST:
          return HostName.get();
        case MDC:
          return mdcValue;
        default:
          return null;
      }
    }

    @Override
    public String toString() {
      return strategy == MDC ? "mdc:" + mdcName : strategy.name().toLowerCase(Locale.ROOT);
    }
  }
}

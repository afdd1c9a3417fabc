package dev.tributary.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import dev.tributary.TributaryRecord;
import dev.tributary.TributaryRecord.Header;
import dev.tributary.internal.appender.HostName;
import dev.tributary.internal.appender.KeyStrategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a Logback event into a Kafka record on the caller's thread: the encoder's bytes as
 * the value, a key chosen by the {@link KeyStrategy}, and headers — {@code level},
 * {@code logger}, {@code trace_id} / {@code span_id} when the MDC has them (under either
 * {@code trace_id} or {@code traceId}, and {@code span_id} or {@code spanId}), then the static
 * ones. The record holds only bytes and strings, never the event. Thread-safe.
 */
public final class RecordMaker {
  /** Header names written by default. */
  public static final String LEVEL = "level";
  public static final String LOGGER = "logger";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  /** Bounds the cached logger-name headers, for programs that make a logger per id. */
  private static final int MAX_CACHED_LOGGERS = 10_000;

  private final String topic;
  private final Encoder<ILoggingEvent> encoder;
  private final KeyStrategy.Selection key;
  private final byte[] hostKey;
  private final boolean defaultHeaders;
  private final Header[] staticHeaders;
  private final ConcurrentHashMap<String, Header> loggerHeaders = new ConcurrentHashMap<>();
  private final Header[] levelHeaders = new Header[5];

  public RecordMaker(String topic, Encoder<ILoggingEvent> encoder, KeyStrategy.Selection key,
      boolean defaultHeaders, List<Header> staticHeaders) {
    this.topic = topic;
    this.encoder = encoder;
    this.key = key;
    // Looked up only when used: the resolver may be slow on a badly configured host.
    this.hostKey = key.strategy() == KeyStrategy.HOST
        ? HostName.get().getBytes(StandardCharsets.UTF_8) : null;
    this.defaultHeaders = defaultHeaders;
    this.staticHeaders = staticHeaders.toArray(new Header[0]);
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    for (int i = 0; i < levels.length; i++) {
      levelHeaders[i] = Header.of(LEVEL, levels[i].levelStr);
    }
  }

  /**
   * Encodes {@code event} into a record.
   *
   * @throws IllegalStateException if the encoder produced nothing
   * @throws RuntimeException whatever the encoder throws
   */
  public TributaryRecord make(ILoggingEvent event) {
    byte[] value = encoder.encode(event);
    if (value == null || value.length == 0) {
      throw new IllegalStateException("the encoder " + encoder.getClass().getName()
          + " produced no bytes");
    }
    TributaryRecord.Builder b = TributaryRecord.builder(topic).value(value)
        .timestampMs(Math.max(0, event.getTimeStamp()));
    Header logger = null;
    switch (key.strategy()) {
      case LOGGER:
        logger = loggerHeader(event.getLoggerName());
        b.key(logger.value());
        break;
      case THREAD:
        b.key(event.getThreadName());
        break;
      case HOST:
        b.key(hostKey);
        break;
      case MDC:
        b.key(event.getMDCPropertyMap().get(key.mdcName()));
        break;
      default:
        break;
    }
    if (defaultHeaders) {
      b.header(levelHeader(event.getLevel()));
      b.header(logger != null ? logger : loggerHeader(event.getLoggerName()));
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        traceHeader(b, TRACE_ID, mdc.get("trace_id"), mdc.get("traceId"));
        traceHeader(b, SPAN_ID, mdc.get("span_id"), mdc.get("spanId"));
      }
    }
    for (Header h : staticHeaders) {
      b.header(h);
    }
    return b.build();
  }

  private static void traceHeader(TributaryRecord.Builder b, String name, String snake,
      String camel) {
    String id = snake != null ? snake : camel;
    if (id != null) {
      b.header(name, id);
    }
  }

  private Header levelHeader(Level level) {
    switch (level.levelInt) {
      case Level.TRACE_INT:
        return levelHeaders[0];
      case Level.DEBUG_INT:
        return levelHeaders[1];
      case Level.INFO_INT:
        return levelHeaders[2];
      case Level.WARN_INT:
        return levelHeaders[3];
      case Level.ERROR_INT:
        return levelHeaders[4];
      default:
        return Header.of(LEVEL, level.levelStr);
    }
  }

  /** Logger names repeat endlessly; their header (and key) bytes are made once. */
  private Header loggerHeader(String name) {
    String n = name == null ? "" : name;
    Header h = loggerHeaders.get(n);
    if (h == null) {
      h = Header.of(LOGGER, n);
      if (loggerHeaders.size() < MAX_CACHED_LOGGERS) {
        loggerHeaders.putIfAbsent(n, h);
      }
    }
    return h;
  }
}

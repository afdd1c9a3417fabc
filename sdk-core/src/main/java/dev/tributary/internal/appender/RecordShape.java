package dev.tributary.internal.appender;

import dev.tributary.TributaryRecord;
import dev.tributary.TributaryRecord.Header;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an appender makes of an encoded event: the Kafka record with the topic, the key chosen
 * by the {@link KeyStrategy}, the event's time, and the headers — {@code level},
 * {@code logger}, {@code trace_id} / {@code span_id} when the MDC (ThreadContext) has them
 * (as {@code trace_id} or {@code traceId}, {@code span_id} or {@code spanId}), then the static
 * ones. The record holds only bytes and strings, never the event. Immutable apart from its
 * header caches; thread-safe.
 */
public final class RecordShape {
  /** Header names written by default. */
  public static final String LEVEL = "level";
  public static final String LOGGER = "logger";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  /** Enough for every logger of a large application; beyond it names are encoded per event. */
  private static final int MAX_CACHED_LOGGERS = 10_000;
  /** Standard levels and a few custom ones; more are encoded per event. */
  private static final int MAX_CACHED_LEVELS = 16;

  private final String topic;
  private final KeyStrategy.Selection key;
  private final byte[] hostKey;
  private final boolean defaultHeaders;
  private final Header[] staticHeaders;
  // Headers are immutable: one instance per level and per logger name serves every record.
  private final ConcurrentHashMap<String, Header> loggerHeaders = new ConcurrentHashMap<>();
  private volatile LevelHeader[] levelHeaders = new LevelHeader[0];

  /**
   * @param topic a valid Kafka topic name
   * @param staticHeaders added to every record after the default ones, in order
   */
  public RecordShape(String topic, KeyStrategy.Selection key, boolean defaultHeaders,
      List<Header> staticHeaders) {
    this.topic = topic;
    this.key = key;
    // Resolved while configuring, never on a logging call.
    this.hostKey = key.strategy() == KeyStrategy.HOST
        ? HostName.get().getBytes(StandardCharsets.UTF_8) : null;
    this.defaultHeaders = defaultHeaders;
    this.staticHeaders = staticHeaders.toArray(new Header[0]);
  }

  public String topic() {
    return topic;
  }

  /** The record of {@code event}, whose encoded form is {@code value}. */
  public <E> TributaryRecord record(E event, EventView<E> view, byte[] value) {
    TributaryRecord.Builder b = TributaryRecord.builder(topic).value(value);
    long time = view.timeMillis(event);
    if (time >= 0) {
      b.timestampMs(time);
    }
    Header logger = null;
    switch (key.strategy()) {
      case LOGGER:
        logger = loggerHeader(view.loggerName(event));
        b.key(logger.value());
        break;
      case THREAD:
        b.key(view.threadName(event));
        break;
      case HOST:
        b.key(hostKey);
        break;
      case MDC:
        b.key(view.contextValue(event, key.mdcName()));
        break;
      default:
        break;
    }
    if (defaultHeaders) {
      b.header(levelHeader(view.level(event)));
      b.header(logger != null ? logger : loggerHeader(view.loggerName(event)));
      traceHeader(b, TRACE_ID, event, view, "trace_id", "traceId");
      traceHeader(b, SPAN_ID, event, view, "span_id", "spanId");
    }
    for (Header h : staticHeaders) {
      b.header(h);
    }
    return b.build();
  }

  private static <E> void traceHeader(TributaryRecord.Builder b, String name, E event,
      EventView<E> view, String snake, String camel) {
    String id = view.contextValue(event, snake);
    if (id == null) {
      id = view.contextValue(event, camel);
    }
    if (id != null) {
      b.header(name, id);
    }
  }

  /**
   * Level names are constants of their framework, so the same String instance comes with every
   * event of a level: an identity scan of a few entries finds its header without hashing.
   */
  private Header levelHeader(String level) {
    LevelHeader[] known = levelHeaders;
    for (LevelHeader h : known) {
      if (h.level() == level) {
        return h.header();
      }
    }
    return newLevelHeader(level, known);
  }

  private Header newLevelHeader(String level, LevelHeader[] known) {
    Header h = Header.of(LEVEL, level == null ? "" : level);
    if (known.length < MAX_CACHED_LEVELS && level != null) {
      // A lost race only costs one header made twice.
      LevelHeader[] more = Arrays.copyOf(known, known.length + 1);
      more[known.length] = new LevelHeader(level, h);
      levelHeaders = more;
    }
    return h;
  }

  private record LevelHeader(String level, Header header) {}

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

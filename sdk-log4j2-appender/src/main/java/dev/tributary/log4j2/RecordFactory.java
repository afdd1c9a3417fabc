package dev.tributary.log4j2;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.HostName;
import dev.tributary.internal.appender.KeyStrategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * Wraps an encoded event into a Kafka record: topic, key by the key strategy, the event's time,
 * and headers: {@code level}, {@code logger}, {@code trace_id} / {@code span_id} when the
 * ThreadContext has them (as {@code trace_id}/{@code traceId}, {@code span_id}/{@code spanId}),
 * then the static {@code <Header>}s. Thread-safe.
 */
final class RecordFactory {
  static final String LEVEL_HEADER = "level";
  static final String LOGGER_HEADER = "logger";
  static final String TRACE_HEADER = "trace_id";
  static final String SPAN_HEADER = "span_id";
  /** Enough for every logger of a large application; beyond it names are encoded per event. */
  private static final int MAX_CACHED_LOGGER_NAMES = 10_000;

  private final String topic;
  private final KeyStrategy.Selection key;
  private final byte[] hostKey;
  private final boolean defaultHeaders;
  private final TributaryRecord.Header[] staticHeaders;
  // Headers are immutable: one instance per level and per logger name serves every record.
  private final ConcurrentHashMap<Level, TributaryRecord.Header> levelHeaders =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TributaryRecord.Header> loggerHeaders =
      new ConcurrentHashMap<>();

  RecordFactory(String topic, KeyStrategy.Selection key, boolean defaultHeaders, List<Header> headers) {
    this.topic = topic;
    this.key = key;
    // Resolved while configuring, never on a logging call.
    this.hostKey = key.strategy() == KeyStrategy.HOST ? utf8(HostName.get()) : null;
    this.defaultHeaders = defaultHeaders;
    this.staticHeaders = new TributaryRecord.Header[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      staticHeaders[i] = TributaryRecord.Header.of(headers.get(i).name(),
          headers.get(i).value());
    }
  }

  TributaryRecord create(LogEvent event, byte[] value) {
    TributaryRecord.Builder b = TributaryRecord.builder(topic).value(value);
    long time = event.getTimeMillis();
    if (time >= 0) {
      b.timestampMs(time);
    }
    ReadOnlyStringMap context = event.getContextData();
    switch (key.strategy()) {
      case LOGGER:
        b.key(loggerHeader(event.getLoggerName()).value());
        break;
      case THREAD:
        b.key(event.getThreadName());
        break;
      case HOST:
        b.key(hostKey);
        break;
      case MDC:
        Object v = context.getValue(key.mdcName());
        b.key(v == null ? null : v.toString());
        break;
      default:
        break;
    }
    if (defaultHeaders) {
      b.header(levelHeaders.computeIfAbsent(event.getLevel(),
          l -> TributaryRecord.Header.of(LEVEL_HEADER, l.name())));
      b.header(loggerHeader(event.getLoggerName()));
      String trace = firstOf(context, "trace_id", "traceId");
      if (trace != null) {
        b.header(TRACE_HEADER, utf8(trace));
      }
      String span = firstOf(context, "span_id", "spanId");
      if (span != null) {
        b.header(SPAN_HEADER, utf8(span));
      }
    }
    for (TributaryRecord.Header h : staticHeaders) {
      b.header(h);
    }
    return b.build();
  }

  private TributaryRecord.Header loggerHeader(String name) {
    String n = name == null ? "" : name;
    TributaryRecord.Header cached = loggerHeaders.get(n);
    if (cached != null) {
      return cached;
    }
    TributaryRecord.Header h = TributaryRecord.Header.of(LOGGER_HEADER, n);
    if (loggerHeaders.size() < MAX_CACHED_LOGGER_NAMES) {
      loggerHeaders.putIfAbsent(n, h);
    }
    return h;
  }

  private static String firstOf(ReadOnlyStringMap context, String a, String b) {
    Object v = context.getValue(a);
    if (v == null) {
      v = context.getValue(b);
    }
    return v == null ? null : v.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.tributary.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.tributary.internal.json.JsonWriter;
import dev.tributary.internal.json.IsoTimestampFormatter;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Writes one Logback event as a JSON object with logstash-logback-encoder's field names. The
 * immutable engine behind {@code JsonEncoder}: settings are fixed at construction, and each
 * thread encodes into its own reused buffers, so encoding allocates little more than the
 * returned array. Thread-safe.
 */
public final class EventJsonWriter {
  /** Fields the encoder writes itself; MDC, key-value and static fields may not reuse them. */
  public static final Set<String> RESERVED = Set.of("@timestamp", "@version", "message",
      "logger_name", "thread_name", "level", "level_value", "stack_trace", "tags");
  /** Buffers that grew past this (a huge stack trace) are not kept for the next event. */
  private static final int RETAINED_CAPACITY = 64 * 1024;
  private static final int MAX_MARKER_DEPTH = 8;

  private final boolean version;
  private final boolean mdc;
  private final boolean keyValues;
  private final boolean tags;
  private final boolean newline;
  private final StackTraceFormatter stackTraces;
  private final List<Map.Entry<String, String>> staticFields;
  private final ThreadLocal<Scratch> scratch;

  /**
   * @param staticFields name/value pairs appended to every event, in order; names must not be
   *     {@link #RESERVED}
   */
  public EventJsonWriter(ZoneId zone, boolean version, boolean mdc, boolean keyValues,
      boolean tags, boolean newline, StackTraceFormatter stackTraces,
      List<Map.Entry<String, String>> staticFields) {
    this.version = version;
    this.mdc = mdc;
    this.keyValues = keyValues;
    this.tags = tags;
    this.newline = newline;
    this.stackTraces = stackTraces;
    this.staticFields = List.copyOf(staticFields);
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(zone));
    // Loads the zone's rules now, at configuration, rather than in the first log call.
    zone.getRules().getOffset(java.time.Instant.now());
  }

  /** The event as UTF-8 JSON; a fresh array the caller owns. */
  public byte[] encode(ILoggingEvent event) {
    Scratch s = scratch.get();
    JsonWriter w = s.json.reset();
    w.beginObject();
    s.timestamp.setLength(0);
    s.time.formatTo(event.getTimeStamp(), s.timestamp);
    w.field("@timestamp", s.timestamp);
    if (version) {
      w.field("@version", "1");
    }
    w.field("message", event.getFormattedMessage());
    w.field("logger_name", event.getLoggerName());
    w.field("thread_name", event.getThreadName());
    Level level = event.getLevel();
    w.field("level", level.levelStr);
    w.field("level_value", level.levelInt);
    IThrowableProxy tp = event.getThrowableProxy();
    if (tp != null) {
      s.text.setLength(0);
      stackTraces.format(tp, s.text);
      w.field("stack_trace", s.text);
    }
    if (mdc) {
      writeMdc(w, event.getMDCPropertyMap());
    }
    if (keyValues) {
      writeKeyValues(w, event.getKeyValuePairs());
    }
    if (tags) {
      writeTags(w, event.getMarkerList());
    }
    for (int i = 0; i < staticFields.size(); i++) {
      Map.Entry<String, String> f = staticFields.get(i);
      w.field(f.getKey(), f.getValue());
    }
    w.endObject();
    if (newline) {
      w.raw("\n");
    }
    byte[] out = w.toByteArray();
    if (out.length > RETAINED_CAPACITY) {
      s.json = new JsonWriter();
    }
    if (s.text.capacity() > RETAINED_CAPACITY) {
      s.text = new StringBuilder(256);
    }
    return out;
  }

  private static void writeMdc(JsonWriter w, Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = e.getKey();
      if (key != null && !RESERVED.contains(key)) {
        w.field(key, e.getValue());
      }
    }
  }

  private static void writeKeyValues(JsonWriter w, List<KeyValuePair> pairs) {
    if (pairs == null) {
      return;
    }
    for (int i = 0; i < pairs.size(); i++) {
      KeyValuePair kv = pairs.get(i);
      if (kv != null && kv.key != null && !RESERVED.contains(kv.key)) {
        w.name(kv.key);
        w.value(kv.value);
      }
    }
  }

  private static void writeTags(JsonWriter w, List<Marker> markers) {
    if (markers == null || markers.isEmpty()) {
      return;
    }
    w.beginArray("tags");
    for (int i = 0; i < markers.size(); i++) {
      writeMarker(w, markers.get(i), 0);
    }
    w.endArray();
  }

  /** A marker's name, then the names of the markers it references, as logstash does. */
  private static void writeMarker(JsonWriter w, Marker marker, int depth) {
    if (marker == null || depth > MAX_MARKER_DEPTH) {
      return;
    }
    w.value(marker.getName());
    if (marker.hasReferences()) {
      for (Iterator<Marker> it = marker.iterator(); it.hasNext(); ) {
        writeMarker(w, it.next(), depth + 1);
      }
    }
  }

  /** One thread's reused buffers. */
  private static final class Scratch {
    JsonWriter json = new JsonWriter(1024);
    StringBuilder text = new StringBuilder(1024);
    final StringBuilder timestamp = new StringBuilder(32);
    final IsoTimestampFormatter time;

    Scratch(ZoneId zone) {
      this.time = new IsoTimestampFormatter(zone);
    }
  }
}

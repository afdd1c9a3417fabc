package dev.tributary.log4j2;

import dev.tributary.internal.appender.StackTraceWriter;
import dev.tributary.internal.json.IsoTimestampFormatter;
import dev.tributary.internal.json.JsonWriter;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.Constants;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Turns a Log4j2 event into one JSON object with logstash-logback-encoder's field names, the
 * shape of the Logback appender's {@code JsonEncoder}. Encodes into per-thread reused buffers;
 * each call returns a fresh array of exactly the event's bytes. Thread-safe.
 */
final class JsonEventEncoder {
  /** Written by the encoder itself; ThreadContext, map-message and static fields never shadow them. */
  static final Set<String> STANDARD_FIELDS = Set.of("@timestamp", "@version", "message",
      "logger_name", "thread_name", "level", "level_value", "stack_trace", "tags");
  /** Buffers that grew past these (a huge stack trace) are dropped rather than kept per thread. */
  private static final int MAX_KEPT_JSON_BYTES = 256 * 1024;
  private static final int MAX_KEPT_TEXT_CHARS = 64 * 1024;

  private static final TriConsumer<String, Object, State> FIELD_WRITER = (key, value, state) -> {
    if (!state.encoder.taken.contains(key)) {
      state.json.name(key).value(value);
    }
  };

  private final JsonOptions options;
  private final String[] fieldNames;
  private final String[] fieldValues;
  private final Set<String> taken;
  private final StackTraceWriter stackTraces;
  private final ZoneId zone;
  private final ThreadLocal<State> states;

  JsonEventEncoder(JsonOptions options) {
    this.options = options;
    List<Field> fields = options.fields();
    this.fieldNames = new String[fields.size()];
    this.fieldValues = new String[fields.size()];
    Set<String> names = new HashSet<>(STANDARD_FIELDS);
    for (int i = 0; i < fields.size(); i++) {
      fieldNames[i] = fields.get(i).name();
      fieldValues[i] = fields.get(i).value();
      names.add(fieldNames[i]);
    }
    this.taken = Set.copyOf(names);
    this.stackTraces = new StackTraceWriter(options.maxStackTraceDepth(),
        options.maxStackTraceLength());
    this.zone = options.zone();
    // Log4j2 turns thread locals off in web apps, where they would pin the webapp's class loader.
    this.states = Constants.ENABLE_THREADLOCALS ? ThreadLocal.withInitial(() -> new State(this))
        : null;
  }

  byte[] encode(LogEvent event) {
    State s = acquire();
    try {
      write(event, s);
      return s.json.toByteArray();
    } finally {
      release(s);
    }
  }

  private void write(LogEvent event, State s) {
    JsonWriter w = s.json.reset();
    StringBuilder text = s.text;
    w.beginObject();
    text.setLength(0);
    s.timestamps.formatTo(event.getTimeMillis(), text);
    w.field("@timestamp", text);
    if (options.includeVersion()) {
      w.field("@version", "1");
    }
    Message message = event.getMessage();
    MapMessage<?, ?> map = message instanceof MapMessage<?, ?> m ? m : null;
    w.name("message");
    writeMessage(message, map, s);
    w.field("logger_name", event.getLoggerName());
    w.field("thread_name", event.getThreadName());
    w.field("level", event.getLevel().name());
    w.field("level_value", LevelValues.of(event.getLevel()));
    Throwable thrown = event.getThrown();
    if (thrown != null) {
      text.setLength(0);
      stackTraces.write(thrown, text);
      w.field("stack_trace", text);
    }
    if (options.includeThreadContext()) {
      event.getContextData().forEach(FIELD_WRITER, s);
    }
    if (map != null && options.includeKeyValues()) {
      map.forEach(FIELD_WRITER, s);
    }
    Marker marker = event.getMarker();
    if (marker != null && options.includeTags()) {
      w.beginArray("tags");
      writeMarker(marker, w, new HashSet<>());
      w.endArray();
    }
    for (int i = 0; i < fieldNames.length; i++) {
      w.field(fieldNames[i], fieldValues[i]);
    }
    w.endObject();
    if (options.appendNewline()) {
      w.raw("\n");
    }
  }

  /**
   * A map message's "message" entry is its message; its other entries become fields. Other
   * messages format into the reused buffer when they can, avoiding a String per event.
   */
  private static void writeMessage(Message message, MapMessage<?, ?> map, State s) {
    if (map != null && map.get("message") != null) {
      s.json.value(map.get("message"));
    } else if (message instanceof StringBuilderFormattable formattable) {
      s.text.setLength(0);
      formattable.formatTo(s.text);
      s.json.value(s.text);
    } else {
      s.json.value(message.getFormattedMessage());
    }
  }

  /** The marker's name, then its parents', each once: logstash's tags for marker references. */
  private static void writeMarker(Marker marker, JsonWriter w, Set<String> seen) {
    if (!seen.add(marker.getName())) {
      return;
    }
    w.value(marker.getName());
    Marker[] parents = marker.getParents();
    if (parents != null) {
      for (Marker parent : parents) {
        writeMarker(parent, w, seen);
      }
    }
  }

  private State acquire() {
    if (states == null) {
      return new State(this);
    }
    State s = states.get();
    // In use means a message's toString() logged through this same encoder: use a spare.
    return s.inUse ? new State(this) : s.use();
  }

  private void release(State s) {
    s.inUse = false;
    if (states != null && (s.json.size() > MAX_KEPT_JSON_BYTES
        || s.text.capacity() > MAX_KEPT_TEXT_CHARS)) {
      states.remove();
    }
  }

  /** One thread's buffers. */
  private static final class State {
    final JsonEventEncoder encoder;
    final JsonWriter json = new JsonWriter(1024);
    final StringBuilder text = new StringBuilder(256);
    final IsoTimestampFormatter timestamps;
    boolean inUse;

    State(JsonEventEncoder encoder) {
      this.encoder = encoder;
      this.timestamps = new IsoTimestampFormatter(encoder.zone);
    }

    State use() {
      inUse = true;
      return this;
    }
  }
}

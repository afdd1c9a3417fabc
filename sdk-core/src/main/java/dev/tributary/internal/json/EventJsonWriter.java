package dev.tributary.internal.json;

import dev.tributary.internal.appender.EventView;
import dev.tributary.internal.appender.StackTraceWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one event of either framework as a JSON object with logstash-logback-encoder's field
 * names, read through an {@link EventView}: {@code @timestamp}, {@code @version},
 * {@code message}, {@code logger_name}, {@code thread_name}, {@code level},
 * {@code level_value}, {@code stack_trace}, then the MDC / ThreadContext entries, the
 * event's key-value pairs, {@code tags} and the static fields.
 *
 * <p>No name appears twice in an object: the standard and static fields are reserved (a
 * context entry or key-value of such a name is left out), and of the other entries the first
 * one written wins. A value whose {@code toString()} throws is written as the framework writes
 * a message argument that throws, so one bad value costs only itself, not the event.
 *
 * <p>Each thread encodes into its own reused buffers (or, where thread locals are off, into
 * fresh ones), so an event costs little more than the returned array; a re-entrant call (a
 * value's {@code toString()} that logs through the same writer) gets buffers of its own.
 * Immutable and thread-safe.
 *
 * @param <E> the framework's event type
 */
public final class EventJsonWriter<E> {
  /** Buffers that grew past these (a huge stack trace or context) are not kept. */
  private static final int RETAINED_JSON_BYTES = 256 * 1024;
  private static final int RETAINED_TEXT_CHARS = 64 * 1024;
  private static final int RETAINED_NAMES = 1024;
  // The standard names, escaped once rather than looked up per event.
  private static final byte[] TIMESTAMP = JsonWriter.encodeName("@timestamp");
  private static final byte[] VERSION = JsonWriter.encodeMember("@version", "1");
  private static final byte[] MESSAGE = JsonWriter.encodeName("message");
  private static final byte[] LOGGER = JsonWriter.encodeName("logger_name");
  private static final byte[] THREAD = JsonWriter.encodeName("thread_name");
  private static final byte[] LEVEL = JsonWriter.encodeName("level");
  private static final byte[] LEVEL_VALUE = JsonWriter.encodeName("level_value");
  private static final byte[] STACK_TRACE = JsonWriter.encodeName("stack_trace");
  private static final byte[] TAGS = JsonWriter.encodeName("tags");

  private final EventJsonFormat format;
  private final EventView<E> view;
  private final Set<String> reserved;
  private final byte[][] staticFields;
  private final StackTraceWriter stackTraces;
  private final ThreadLocal<State<E>> states;

  /**
   * @param threadLocals whether to keep buffers per thread; Log4j2 turns thread locals off in
   *     web applications, where they would pin the application's class loader
   */
  public EventJsonWriter(EventJsonFormat format, EventView<E> view, boolean threadLocals) {
    this.format = format;
    this.view = view;
    List<Map.Entry<String, String>> fields = format.fields();
    this.staticFields = new byte[fields.size()][];
    Set<String> names = new HashSet<>(EventJsonFormat.STANDARD_FIELDS);
    for (int i = 0; i < fields.size(); i++) {
      staticFields[i] = JsonWriter.encodeMember(fields.get(i).getKey(), fields.get(i).getValue());
      names.add(fields.get(i).getKey());
    }
    this.reserved = Set.copyOf(names);
    this.stackTraces = new StackTraceWriter(format.maxStackTraceDepth(),
        format.maxStackTraceLength());
    this.states = threadLocals ? ThreadLocal.withInitial(() -> new State<>(this)) : null;
    // Loads the zone's rules now, at configuration, rather than in the first log call.
    format.zone().getRules().getOffset(Instant.now());
  }

  public EventJsonFormat format() {
    return format;
  }

  /** The event as UTF-8 JSON; a fresh array the caller owns. */
  public byte[] encode(E event) {
    State<E> s = acquire();
    try {
      write(event, s);
      return s.json.toByteArray();
    } finally {
      release(s);
    }
  }

  private void write(E event, State<E> s) {
    JsonWriter w = s.json.reset();
    StringBuilder text = s.text;
    s.names.clear();
    w.beginObject();
    text.setLength(0);
    s.timestamps.formatTo(view.timeMillis(event), text);
    w.name(TIMESTAMP).value(text);
    if (format.includeVersion()) {
      w.member(VERSION);
    }
    text.setLength(0);
    w.name(MESSAGE).value(view.message(event, text));
    w.name(LOGGER).value(view.loggerName(event));
    w.name(THREAD).value(view.threadName(event));
    w.name(LEVEL).value(view.level(event));
    w.name(LEVEL_VALUE).value(view.levelValue(event));
    text.setLength(0);
    if (view.stackTrace(event, stackTraces, text)) {
      w.name(STACK_TRACE).value(text);
    }
    if (format.includeContext()) {
      view.contextEntries(event, s);
    }
    if (format.includeKeyValues()) {
      view.keyValues(event, s);
    }
    if (format.includeTags()) {
      s.tags.clear();
      s.tagsOpen = false;
      view.tags(event, s);
      if (s.tagsOpen) {
        w.endArray();
      }
    }
    for (byte[] field : staticFields) {
      w.member(field);
    }
    w.endObject();
    if (format.appendNewline()) {
      w.raw("\n");
    }
  }

  private State<E> acquire() {
    if (states == null) {
      return new State<>(this);
    }
    State<E> s = states.get();
    // In use means a value's toString() logged through this same writer: use a spare.
    return s.inUse ? new State<>(this) : s.use();
  }

  private void release(State<E> s) {
    s.inUse = false;
    if (states != null && s.grown()) {
      states.remove();
    }
  }

  /** One thread's buffers; also the sink the view hands fields and tags to. */
  private static final class State<E> implements EventView.FieldSink, EventView.TagSink {
    final EventJsonWriter<E> writer;
    final JsonWriter json = new JsonWriter(1024);
    final StringBuilder text = new StringBuilder(256);
    final IsoTimestampFormatter timestamps;
    final NameSet names = new NameSet();
    final NameSet tags = new NameSet();
    boolean tagsOpen;
    boolean inUse;

    State(EventJsonWriter<E> writer) {
      this.writer = writer;
      this.timestamps = new IsoTimestampFormatter(writer.format.zone());
    }

    State<E> use() {
      inUse = true;
      return this;
    }

    /** Whether a buffer grew past what is worth keeping (a huge stack trace or context). */
    boolean grown() {
      return json.size() > RETAINED_JSON_BYTES || text.capacity() > RETAINED_TEXT_CHARS
          || names.capacity() > RETAINED_NAMES || tags.capacity() > RETAINED_NAMES;
    }

    @Override
    public void field(String name, Object value) {
      // Kept small so the JIT inlines it into each framework's loop over its fields.
      if (name != null && !writer.reserved.contains(name) && names.add(name)) {
        if (value instanceof String text) {
          json.name(name).value(text);
        } else {
          nonString(name, value);
        }
      }
    }

    /** Numbers and booleans stay bare; anything else is its toString(), which may throw. */
    private void nonString(String name, Object value) {
      if (value == null || value instanceof CharSequence || value instanceof Boolean
          || value instanceof Integer || value instanceof Long || value instanceof Double
          || value instanceof Float || value instanceof Short || value instanceof Byte) {
        json.name(name).value(value); // no toString() of the application's runs here
        return;
      }
      String text;
      try {
        text = value.toString();
      } catch (RuntimeException e) {
        text = writer.view.failedToString(value, e);
      }
      json.name(name).value(text);
    }

    @Override
    public boolean tag(String name) {
      if (name == null || !tags.add(name)) {
        return false;
      }
      if (!tagsOpen) {
        json.beginArray(TAGS);
        tagsOpen = true;
      }
      json.value(name);
      return true;
    }
  }
}

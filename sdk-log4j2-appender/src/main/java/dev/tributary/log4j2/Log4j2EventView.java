package dev.tributary.log4j2;

import dev.tributary.internal.appender.EventView;
import dev.tributary.internal.appender.StackTraceWriter;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * How the shared front end reads a Log4j2 event: the ThreadContext (context data) is the
 * context, a {@link MapMessage}'s entries are the key-values (its {@code message} entry is the
 * message), the marker and its parents are the tags, levels map to Logback's
 * {@code level_value} numbers ({@link LevelValues}). Stateless.
 */
final class Log4j2EventView extends EventView<LogEvent> {
  static final Log4j2EventView INSTANCE = new Log4j2EventView();
  private static final int MAX_MARKER_DEPTH = 8;
  /** Made once: passing a sink through Log4j2's forEach allocates nothing per event. */
  private static final TriConsumer<String, Object, FieldSink> TO_SINK =
      (name, value, sink) -> sink.field(name, value);

  private Log4j2EventView() {
    super(LogEvent::getTimeMillis, LogEvent::getLoggerName, LogEvent::getThreadName);
  }

  @Override
  public String level(LogEvent event) {
    return event.getLevel().name();
  }

  @Override
  public int levelValue(LogEvent event) {
    return LevelValues.of(event.getLevel());
  }

  /**
   * A map message's {@code message} entry is its message. Other messages format into the
   * scratch buffer when they can, sparing a String per event.
   */
  @Override
  public CharSequence message(LogEvent event, StringBuilder scratch) {
    Message message = event.getMessage();
    if (message instanceof MapMessage<?, ?> map) {
      String text = map.get("message");
      if (text != null) {
        return text;
      }
    }
    if (message instanceof StringBuilderFormattable formattable) {
      formattable.formatTo(scratch);
      return scratch;
    }
    return message.getFormattedMessage();
  }

  @Override
  public boolean stackTrace(LogEvent event, StackTraceWriter writer, StringBuilder out) {
    Throwable thrown = event.getThrown();
    if (thrown == null) {
      return false;
    }
    writer.write(thrown, out);
    return true;
  }

  /** Context values are Strings unless an object ThreadContext map is configured. */
  @Override
  public String contextValue(LogEvent event, String key) {
    Object value = event.getContextData().getValue(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    try {
      return value.toString();
    } catch (RuntimeException e) {
      return failedToString(value, e);
    }
  }

  @Override
  public void contextEntries(LogEvent event, FieldSink sink) {
    event.getContextData().forEach(TO_SINK, sink);
  }

  @Override
  public void keyValues(LogEvent event, FieldSink sink) {
    if (event.getMessage() instanceof MapMessage<?, ?> map) {
      map.forEach(TO_SINK, sink);
    }
  }

  @Override
  public void tags(LogEvent event, TagSink sink) {
    tag(event.getMarker(), sink, 0);
  }

  /** The marker's name, then its parents', each once: logstash's tags for marker references. */
  private static void tag(Marker marker, TagSink sink, int depth) {
    if (marker == null || depth > MAX_MARKER_DEPTH || !sink.tag(marker.getName())) {
      return;
    }
    Marker[] parents = marker.getParents();
    if (parents != null) {
      for (Marker parent : parents) {
        tag(parent, sink, depth + 1);
      }
    }
  }

  /** What Log4j2's parameter formatter writes for an argument whose toString() throws. */
  @Override
  public String failedToString(Object value, RuntimeException e) {
    return "[!!!" + value.getClass().getName() + '@'
        + Integer.toHexString(System.identityHashCode(value)) + "=>" + e.getClass().getName()
        + ':' + e.getMessage() + "!!!]";
  }
}

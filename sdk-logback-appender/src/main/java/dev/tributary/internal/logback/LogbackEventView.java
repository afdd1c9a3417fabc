package dev.tributary.internal.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.tributary.internal.appender.EventView;
import dev.tributary.internal.appender.StackTraceWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * How the shared front end reads a Logback event: the MDC is the context, SLF4J 2 key-value
 * pairs are the key-values, markers (and the markers they reference) are the tags, and the
 * throwable is Logback's {@link IThrowableProxy}, written like Logback's {@code %ex}. Stateless.
 */
public final class LogbackEventView extends EventView<ILoggingEvent> {
  public static final LogbackEventView INSTANCE = new LogbackEventView();
  /** What SLF4J's message formatter writes for an argument whose toString() throws. */
  public static final String FAILED_TO_STRING = "[FAILED toString()]";
  private static final int MAX_MARKER_DEPTH = 8;

  /** Reads Logback's copies of throwables, which deserialized events carry too. */
  static final StackTraceWriter.Access<IThrowableProxy> PROXIES = new StackTraceWriter.Access<>() {
    @Override
    public String className(IThrowableProxy t) {
      return t.getClassName();
    }

    @Override
    public String message(IThrowableProxy t) {
      return t.getMessage();
    }

    @Override
    public StackTraceElement[] frames(IThrowableProxy t) {
      StackTraceElementProxy[] proxies = t.getStackTraceElementProxyArray();
      StackTraceElement[] frames = new StackTraceElement[proxies == null ? 0 : proxies.length];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = proxies[i].getStackTraceElement();
      }
      return frames;
    }

    @Override
    public IThrowableProxy cause(IThrowableProxy t) {
      return t.getCause();
    }

    @Override
    public IThrowableProxy[] suppressed(IThrowableProxy t) {
      return t.getSuppressed();
    }

    @Override
    public boolean circular(IThrowableProxy t) {
      return t.isCyclic();
    }
  };

  private LogbackEventView() {
    super(ILoggingEvent::getTimeStamp, ILoggingEvent::getLoggerName,
        ILoggingEvent::getThreadName);
  }

  @Override
  public String level(ILoggingEvent event) {
    return event.getLevel().levelStr;
  }

  @Override
  public int levelValue(ILoggingEvent event) {
    return event.getLevel().levelInt;
  }

  @Override
  public CharSequence message(ILoggingEvent event, StringBuilder scratch) {
    return event.getFormattedMessage(); // formatted once per event, cached by Logback
  }

  @Override
  public boolean stackTrace(ILoggingEvent event, StackTraceWriter writer, StringBuilder out) {
    IThrowableProxy tp = event.getThrowableProxy();
    if (tp == null) {
      return false;
    }
    writer.write(tp, PROXIES, out);
    return true;
  }

  @Override
  public String contextValue(ILoggingEvent event, String key) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    return mdc == null ? null : mdc.get(key);
  }

  @Override
  public void contextEntries(ILoggingEvent event, FieldSink sink) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      for (Map.Entry<String, String> e : mdc.entrySet()) {
        sink.field(e.getKey(), e.getValue());
      }
    }
  }

  @Override
  public void keyValues(ILoggingEvent event, FieldSink sink) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (int i = 0; i < pairs.size(); i++) {
        KeyValuePair kv = pairs.get(i);
        if (kv != null) {
          sink.field(kv.key, kv.value);
        }
      }
    }
  }

  @Override
  public void tags(ILoggingEvent event, TagSink sink) {
    List<Marker> markers = event.getMarkerList();
    if (markers != null) {
      for (int i = 0; i < markers.size(); i++) {
        tag(markers.get(i), sink, 0);
      }
    }
  }

  /** A marker's name, then the names of the markers it references, as logstash does. */
  private static void tag(Marker marker, TagSink sink, int depth) {
    if (marker == null || depth > MAX_MARKER_DEPTH || !sink.tag(marker.getName())) {
      return;
    }
    if (marker.hasReferences()) {
      for (Iterator<Marker> it = marker.iterator(); it.hasNext(); ) {
        tag(it.next(), sink, depth + 1);
      }
    }
  }

  @Override
  public String failedToString(Object value, RuntimeException e) {
    return FAILED_TO_STRING;
  }
}

package dev.tributary.internal.appender;

import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How the shared front end reads a logging framework's event: the one thing each appender
 * writes for its framework (Logback's {@code ILoggingEvent}, Log4j2's {@code LogEvent}).
 * The event JSON, the record shape and the internal-events policy read events only through it.
 *
 * <p>An implementation is a stateless singleton that is handed the event on every call, rather
 * than a wrapper around one event, so reading an event allocates nothing; the few call sites
 * each see one implementation per JVM and the JIT inlines them. The plain getters are given as
 * method references; the rest is written per framework. Implementations must not throw for a
 * well-formed event and must be thread-safe.
 *
 * @param <E> the framework's event type
 */
public abstract class EventView<E> {
  private final ToLongFunction<E> timeMillis;
  private final Function<E, String> loggerName;
  private final Function<E, String> threadName;

  /**
   * @param timeMillis when the event happened, in epoch milliseconds
   * @param loggerName the logger's name
   * @param threadName the name of the thread that logged
   */
  protected EventView(ToLongFunction<E> timeMillis, Function<E, String> loggerName,
      Function<E, String> threadName) {
    this.timeMillis = timeMillis;
    this.loggerName = loggerName;
    this.threadName = threadName;
  }

  /** When the event happened, in epoch milliseconds. */
  public final long timeMillis(E event) {
    return timeMillis.applyAsLong(event);
  }

  public final String loggerName(E event) {
    return loggerName.apply(event);
  }

  public final String threadName(E event) {
    return threadName.apply(event);
  }

  /** The level's name, e.g. {@code WARN}; the same String instance for every event of a level. */
  public abstract String level(E event);

  /**
   * The level as logstash-logback-encoder's {@code level_value}: TRACE 5000, DEBUG 10000,
   * INFO 20000, WARN 30000, ERROR 40000.
   */
  public abstract int levelValue(E event);

  /**
   * The formatted message: a String the event already holds, or {@code scratch} (which the
   * caller cleared) after formatting into it, to spare a String per event.
   */
  public abstract CharSequence message(E event, StringBuilder scratch);

  /** Appends the event's stack trace to {@code out}; false, writing nothing, if it has none. */
  public abstract boolean stackTrace(E event, StackTraceWriter writer, StringBuilder out);

  /** One MDC / ThreadContext entry as text, or null when absent. */
  public abstract String contextValue(E event, String key);

  /** Hands every MDC / ThreadContext entry to {@code sink}. */
  public abstract void contextEntries(E event, FieldSink sink);

  /** Hands every structured key-value pair of the event (SLF4J 2 key-values, a map message). */
  public abstract void keyValues(E event, FieldSink sink);

  /**
   * Hands the names of the event's markers to {@code sink}, each followed by those it refers
   * to, stopping where the sink has seen a name already (so cyclic references end).
   */
  public abstract void tags(E event, TagSink sink);

  /**
   * What stands for a value whose {@code toString()} threw {@code e}: the text the framework
   * itself writes for a message argument that throws, so both read the same.
   */
  public abstract String failedToString(Object value, RuntimeException e);

  /** Takes one field of an event: its value is a String, a number, a boolean or any object. */
  public interface FieldSink {
    void field(String name, Object value);
  }

  /** Takes one tag; returns false if the name was taken already, so the view stops there. */
  public interface TagSink {
    boolean tag(String name);
  }
}

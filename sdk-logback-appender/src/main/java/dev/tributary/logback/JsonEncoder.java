package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.json.EventJsonFormat;
import dev.tributary.internal.json.EventJsonWriter;
import dev.tributary.internal.logback.LogbackEventView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes each Logback event as one JSON object with logstash-logback-encoder's field names,
 * so dashboards and pipelines built for it keep working:
 *
 * <pre>{@code
 * {"@timestamp":"2026-11-22T05:23:15.123+01:00","@version":"1","message":"paid",
 *  "logger_name":"com.acme.Checkout","thread_name":"http-nio-8080-exec-7","level":"INFO",
 *  "level_value":20000,"stack_trace":"...","requestId":"f3a9","amount":42,
 *  "tags":["AUDIT"],"service":"checkout"}
 * }</pre>
 *
 * <p>MDC entries and SLF4J 2 key-value pairs become top-level fields (key-values keep their
 * JSON type: numbers and booleans stay bare), marker names go to {@code tags}, and static
 * fields come last. No key appears twice: an MDC entry or key-value named like a standard or
 * static field is skipped (those win), and of the rest the first written wins (MDC before
 * key-values). A key-value whose {@code toString()} throws is written as
 * {@code [FAILED toString()]}, as SLF4J writes such a message argument; the event survives.
 * Every string is escaped per RFC 8259, and an unpaired surrogate becomes U+FFFD, so the
 * output is always valid UTF-8.
 *
 * <pre>{@code
 * <encoder class="dev.tributary.logback.JsonEncoder">
 *   <field>service=checkout</field>
 *   <maxStackTraceLength>16384</maxStackTraceLength>
 * </encoder>
 * }</pre>
 *
 * <p>Thread-safe: every thread encodes into its own reused buffer. Settings take effect at
 * {@link #start()}; {@link #addField(String)} also works afterwards (the appender uses that to
 * pass its own {@code field} settings on).
 */
public class JsonEncoder extends EncoderBase<ILoggingEvent> {
  /**
   * 65,536 characters: the default cap on {@code stack_trace}. A deep framework stack with two
   * causes is 20 to 40 thousand characters; the cap keeps a record far below Kafka's default
   * 1 MiB {@code max.request.size}, past which the record would be dropped whole.
   */
  public static final int DEFAULT_MAX_STACK_TRACE_LENGTH =
      EventJsonFormat.DEFAULT_MAX_STACK_TRACE_LENGTH;

  private static final byte[] NOTHING = new byte[0];

  private boolean includeVersion = true;
  private boolean includeMdc = true;
  private boolean includeKeyValues = true;
  private boolean includeTags = true;
  private boolean appendNewline;
  private int maxStackTraceDepth;
  private int maxStackTraceLength = DEFAULT_MAX_STACK_TRACE_LENGTH;
  private String timeZone;
  private final List<Map.Entry<String, String>> fields = new ArrayList<>();
  private volatile EventJsonWriter<ILoggingEvent> writer;

  @Override
  public void start() {
    try {
      writer = build();
      super.start();
    } catch (TributaryConfigException e) {
      addError(e.getMessage());
    }
  }

  private EventJsonWriter<ILoggingEvent> build() {
    EventJsonFormat.Builder format = EventJsonFormat.builder().timeZone(timeZone)
        .maxStackTraceDepth(maxStackTraceDepth).maxStackTraceLength(maxStackTraceLength)
        .includeVersion(includeVersion).includeContext(includeMdc)
        .includeKeyValues(includeKeyValues).includeTags(includeTags)
        .appendNewline(appendNewline);
    synchronized (fields) {
      for (Map.Entry<String, String> f : fields) {
        format.field("field", f.getKey(), f.getValue());
      }
    }
    return new EventJsonWriter<>(format.build(), LogbackEventView.INSTANCE, true);
  }

  /** Nothing: each Kafka record holds exactly one event. */
  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  /**
   * The event as UTF-8 JSON, in a new array.
   *
   * @throws IllegalStateException if the encoder is not started
   */
  @Override
  public byte[] encode(ILoggingEvent event) {
    EventJsonWriter<ILoggingEvent> w = writer;
    if (w == null) {
      throw new IllegalStateException("JsonEncoder is not started");
    }
    return w.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  /**
   * Adds a static field written into every event, as {@code name=value} (repeatable), e.g.
   * {@code <field>service=checkout</field>}. A name of a standard field is refused.
   */
  public void addField(String nameValue) {
    Map.Entry<String, String> field;
    try {
      field = EventJsonFormat.field("field", nameValue);
    } catch (TributaryConfigException e) {
      addError(e.getMessage());
      return;
    }
    synchronized (fields) {
      fields.add(field);
      if (writer != null) {
        writer = build();
      }
    }
  }

  /** Whether to write {@code "@version":"1"} as logstash does; default true. */
  public void setIncludeVersion(boolean include) {
    this.includeVersion = include;
  }

  /** Whether MDC entries become top-level fields; default true. */
  public void setIncludeMdc(boolean include) {
    this.includeMdc = include;
  }

  /** Whether SLF4J 2 key-value pairs become top-level fields; default true. */
  public void setIncludeKeyValues(boolean include) {
    this.includeKeyValues = include;
  }

  /** Whether marker names are written as {@code tags}; default true. */
  public void setIncludeTags(boolean include) {
    this.includeTags = include;
  }

  /** Whether to end each event with {@code \n}, for use with file appenders; default false. */
  public void setAppendNewline(boolean append) {
    this.appendNewline = append;
  }

  /** Frames kept per throwable in {@code stack_trace} (and per cause); 0, the default: all. */
  public void setMaxStackTraceDepth(int frames) {
    this.maxStackTraceDepth = frames;
  }

  /**
   * Characters kept of {@code stack_trace}; 0 keeps all. Default
   * {@link #DEFAULT_MAX_STACK_TRACE_LENGTH}.
   */
  public void setMaxStackTraceLength(int characters) {
    this.maxStackTraceLength = characters;
  }

  /** Zone of {@code @timestamp}'s offset, e.g. {@code UTC}; default the JVM's zone. */
  public void setTimeZone(String zoneId) {
    this.timeZone = zoneId;
  }
}

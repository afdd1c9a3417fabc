package dev.tributary.log4j2;

import dev.tributary.TributaryConfigException;
import dev.tributary.internal.appender.SettingSyntax;
import dev.tributary.internal.json.EventJsonFormat;
import dev.tributary.internal.json.EventJsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.layout.AbstractLayout;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.util.Constants;

/**
 * Writes each event as one JSON object (UTF-8) with logstash-logback-encoder's field names, the
 * same shape as the Logback appender's {@code JsonEncoder}, so one consumer reads both:
 *
 * <pre>{@code
 * {"@timestamp":"2026-11-22T06:23:15.123+01:00","@version":"1","message":"paid",
 *  "logger_name":"com.acme.Pay","thread_name":"http-7","level":"INFO","level_value":20000,
 *  "stack_trace":"...","tenant":"acme","tags":["AUDIT"],"service":"checkout"}
 * }</pre>
 *
 * <p>{@code stack_trace} appears only with an exception; ThreadContext entries (and so SLF4J 2
 * key-value pairs, which Log4j2's SLF4J binding puts there) and the entries of a
 * {@code MapMessage} are top-level fields; {@code tags} lists the marker and its parents;
 * {@code <Field>}s come last. No key appears twice: an entry named like a standard or static
 * field is left out (those win), and of the rest the first written wins (ThreadContext before
 * the map message). A map-message value whose {@code toString()} throws is written as Log4j2
 * writes such a message argument ({@code [!!!Type@hash=>Exception:message!!!]}); the event
 * survives. Levels map to Logback's {@code level_value} numbers (FATAL → 50000).
 *
 * <p>The {@link TributaryAppender} uses this layout unless given another one. Nest it to
 * change its settings:
 *
 * <pre>{@code
 * <Tributary name="KAFKA" destination="kafka://127.0.0.1:9092" topic="app-logs">
 *   <TributaryJsonLayout maxStackTraceDepth="50" timeZone="UTC">
 *     <Field name="service" value="checkout"/>
 *   </TributaryJsonLayout>
 * </Tributary>
 * }</pre>
 *
 * <p>Thread-safe; encodes into per-thread reused buffers.
 */
@Plugin(name = "TributaryJsonLayout", category = Node.CATEGORY, elementType = Layout.ELEMENT_TYPE,
    printObject = true)
public final class TributaryJsonLayout extends AbstractLayout<byte[]> {
  /**
   * 65,536 characters: the default cap on {@code stack_trace}, as in the Logback encoder. A deep
   * framework stack with two causes is 20 to 40 thousand characters; the cap keeps a record far
   * below Kafka's default 1 MiB {@code max.request.size}, past which it would be dropped whole.
   */
  public static final int DEFAULT_MAX_STACK_TRACE_LENGTH =
      EventJsonFormat.DEFAULT_MAX_STACK_TRACE_LENGTH;

  private final EventJsonWriter<LogEvent> writer;

  private TributaryJsonLayout(Configuration configuration, EventJsonFormat format) {
    super(configuration, null, null);
    // Log4j2 turns thread locals off in web apps, where they would pin the webapp's loader.
    this.writer = new EventJsonWriter<>(format, Log4j2EventView.INSTANCE,
        Constants.ENABLE_THREADLOCALS);
  }

  /** Starts a builder; Log4j2 calls this for {@code <TributaryJsonLayout>}. */
  @PluginBuilderFactory
  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  public byte[] toByteArray(LogEvent event) {
    return writer.encode(event);
  }

  @Override
  public byte[] toSerializable(LogEvent event) {
    return writer.encode(event);
  }

  @Override
  public String getContentType() {
    return "application/json; charset=UTF-8";
  }

  @Override
  public Map<String, String> getContentFormat() {
    return Map.of("version", "1");
  }

  /** This layout with the appender's {@code <Field>}s added after its own. */
  TributaryJsonLayout withFields(List<Field> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    for (Field f : more) {
      EventJsonFormat.checkName("Field", f.name(), f.name());
      entries.add(Map.entry(f.name(), f.value()));
    }
    return new TributaryJsonLayout(configuration, writer.format().withFields(entries));
  }

  @Override
  public String toString() {
    return "TributaryJsonLayout" + writer.format();
  }

  /** Collects the layout's settings (all optional). Not thread-safe. */
  public static final class Builder
      implements org.apache.logging.log4j.core.util.Builder<TributaryJsonLayout> {
    @PluginConfiguration
    private Configuration configuration;
    @PluginBuilderAttribute
    private String includeVersion;
    @PluginBuilderAttribute
    private String includeThreadContext;
    @PluginBuilderAttribute
    private String includeKeyValues;
    @PluginBuilderAttribute
    private String includeTags;
    @PluginBuilderAttribute
    private String appendNewline;
    @PluginBuilderAttribute
    private String maxStackTraceDepth;
    @PluginBuilderAttribute
    private String maxStackTraceLength;
    @PluginBuilderAttribute
    private String timeZone;
    @PluginElement("Fields")
    private Field[] fields;

    private Builder() {}

    /** Write {@code "@version":"1"}; default true. */
    public Builder setIncludeVersion(String include) {
      this.includeVersion = include;
      return this;
    }

    /** ThreadContext entries (and SLF4J 2 key-values) as fields; default true. */
    public Builder setIncludeThreadContext(String include) {
      this.includeThreadContext = include;
      return this;
    }

    /** A {@code MapMessage}'s entries as fields; default true. */
    public Builder setIncludeKeyValues(String include) {
      this.includeKeyValues = include;
      return this;
    }

    /** Marker names as {@code tags}; default true. */
    public Builder setIncludeTags(String include) {
      this.includeTags = include;
      return this;
    }

    /** End each event with {@code \n} (for file appenders); default false. */
    public Builder setAppendNewline(String append) {
      this.appendNewline = append;
      return this;
    }

    /** Frames per throwable (each cause too); 0, the default, keeps all. */
    public Builder setMaxStackTraceDepth(String depth) {
      this.maxStackTraceDepth = depth;
      return this;
    }

    /** Characters of {@code stack_trace}; default {@value #DEFAULT_MAX_STACK_TRACE_LENGTH}, 0 = all. */
    public Builder setMaxStackTraceLength(String length) {
      this.maxStackTraceLength = length;
      return this;
    }

    /** Zone of {@code @timestamp}, e.g. {@code UTC}; default the JVM's. */
    public Builder setTimeZone(String zone) {
      this.timeZone = zone;
      return this;
    }

    public Builder setFields(Field... fields) {
      this.fields = fields;
      return this;
    }

    public Builder setConfiguration(Configuration configuration) {
      this.configuration = configuration;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws TributaryConfigException naming the setting at fault
     */
    public TributaryJsonLayout buildOrThrow() {
      EventJsonFormat.Builder format = EventJsonFormat.builder().timeZone(timeZone)
          .includeVersion(flag("includeVersion", includeVersion, true))
          .includeContext(flag("includeThreadContext", includeThreadContext, true))
          .includeKeyValues(flag("includeKeyValues", includeKeyValues, true))
          .includeTags(flag("includeTags", includeTags, true))
          .appendNewline(flag("appendNewline", appendNewline, false));
      if (!SettingSyntax.isBlank(maxStackTraceDepth)) {
        format.maxStackTraceDepth(
            SettingSyntax.nonNegativeInt("maxStackTraceDepth", maxStackTraceDepth));
      }
      if (!SettingSyntax.isBlank(maxStackTraceLength)) {
        format.maxStackTraceLength(
            SettingSyntax.nonNegativeInt("maxStackTraceLength", maxStackTraceLength));
      }
      if (fields != null) {
        for (Field f : fields) {
          if (f != null) {
            format.field("Field", f.name(), f.value());
          }
        }
      }
      return new TributaryJsonLayout(configuration, format.build());
    }

    /** {@link #buildOrThrow()}, reporting a bad setting to the StatusLogger and returning null. */
    @Override
    public TributaryJsonLayout build() {
      try {
        return buildOrThrow();
      } catch (TributaryConfigException e) {
        StatusLogger.getLogger().error("TributaryJsonLayout not created: {}", e.getMessage());
        return null;
      }
    }

    private static boolean flag(String setting, String text, boolean defaultValue) {
      return SettingSyntax.isBlank(text) ? defaultValue : SettingSyntax.bool(setting, text);
    }
  }
}

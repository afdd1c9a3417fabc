package dev.tributary.internal.json;

import dev.tributary.TributaryConfigException;
import dev.tributary.internal.appender.SettingSyntax;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the event JSON of both appenders holds: the options of Logback's {@code JsonEncoder}
 * and Log4j2's {@code TributaryJsonLayout}, validated once here. Immutable; build with
 * {@link #builder()}.
 *
 * @param includeVersion write {@code "@version":"1"} as logstash does
 * @param includeContext write MDC / ThreadContext entries as fields
 * @param includeKeyValues write the event's key-value pairs (SLF4J 2, a map message) as fields
 * @param includeTags write marker names as {@code tags}
 * @param appendNewline end each event with {@code \n}
 * @param maxStackTraceDepth frames per throwable, 0 = all
 * @param maxStackTraceLength characters of {@code stack_trace}, 0 = all
 * @param zone zone of {@code @timestamp}'s offset
 * @param fields static fields, in order
 */
public record EventJsonFormat(boolean includeVersion, boolean includeContext,
    boolean includeKeyValues, boolean includeTags, boolean appendNewline,
    int maxStackTraceDepth, int maxStackTraceLength, ZoneId zone,
    List<Map.Entry<String, String>> fields) {
  /** Fields the writer writes itself; no other field may take their names. */
  public static final Set<String> STANDARD_FIELDS = Set.of("@timestamp", "@version", "message",
      "logger_name", "thread_name", "level", "level_value", "stack_trace", "tags");
  /**
   * 65,536 characters: the default cap on {@code stack_trace}. A deep framework stack with two
   * causes is 20 to 40 thousand characters; the cap keeps a record far below Kafka's default
   * 1 MiB {@code max.request.size}, past which the record would be dropped whole.
   */
  public static final int DEFAULT_MAX_STACK_TRACE_LENGTH = 65_536;

  public EventJsonFormat {
    fields = List.copyOf(fields);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This format with {@code more} static fields after the present ones. */
  public EventJsonFormat withFields(List<Map.Entry<String, String>> more) {
    List<Map.Entry<String, String>> all = new ArrayList<>(fields);
    all.addAll(more);
    return new EventJsonFormat(includeVersion, includeContext, includeKeyValues, includeTags,
        appendNewline, maxStackTraceDepth, maxStackTraceLength, zone, all);
  }

  /**
   * A static field given as {@code name=value} text.
   *
   * @throws TributaryConfigException naming {@code setting} if malformed or a standard name
   */
  public static Map.Entry<String, String> field(String setting, String nameValue) {
    Map.Entry<String, String> f = SettingSyntax.pair(setting, nameValue);
    checkName(setting, f.getKey(), nameValue);
    return f;
  }

  /** @throws TributaryConfigException naming {@code setting} if {@code name} is standard */
  public static void checkName(String setting, String name, String text) {
    if (STANDARD_FIELDS.contains(name)) {
      throw new TributaryConfigException(setting, text, "the name must not be one of "
          + STANDARD_FIELDS);
    }
  }

  /** Collects and validates the options. Defaults: everything on but the newline. */
  public static final class Builder {
    private boolean includeVersion = true;
    private boolean includeContext = true;
    private boolean includeKeyValues = true;
    private boolean includeTags = true;
    private boolean appendNewline;
    private int maxStackTraceDepth;
    private int maxStackTraceLength = DEFAULT_MAX_STACK_TRACE_LENGTH;
    private ZoneId zone = ZoneId.systemDefault();
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    private Builder() {}

    public Builder includeVersion(boolean include) {
      this.includeVersion = include;
      return this;
    }

    public Builder includeContext(boolean include) {
      this.includeContext = include;
      return this;
    }

    public Builder includeKeyValues(boolean include) {
      this.includeKeyValues = include;
      return this;
    }

    public Builder includeTags(boolean include) {
      this.includeTags = include;
      return this;
    }

    public Builder appendNewline(boolean append) {
      this.appendNewline = append;
      return this;
    }

    /** @throws TributaryConfigException below 0 */
    public Builder maxStackTraceDepth(int frames) {
      if (frames < 0) {
        throw new TributaryConfigException("maxStackTraceDepth", frames,
            "0 (no limit) or more frames");
      }
      this.maxStackTraceDepth = frames;
      return this;
    }

    /** @throws TributaryConfigException unless 0 or at least 64 */
    public Builder maxStackTraceLength(int characters) {
      if (characters != 0 && characters < 64) {
        throw new TributaryConfigException("maxStackTraceLength", characters,
            "0 (no limit) or at least 64 characters");
      }
      this.maxStackTraceLength = characters;
      return this;
    }

    /**
     * A zone id such as {@code UTC}; null or blank keeps the JVM's zone.
     *
     * @throws TributaryConfigException for an unknown zone
     */
    public Builder timeZone(String zoneId) {
      if (!SettingSyntax.isBlank(zoneId)) {
        try {
          this.zone = ZoneId.of(zoneId.trim());
        } catch (DateTimeException e) {
          throw new TributaryConfigException("timeZone", zoneId,
              "a zone id such as UTC, Europe/Paris or +02:00");
        }
      }
      return this;
    }

    /** @throws TributaryConfigException naming {@code setting} for a standard field's name */
    public Builder field(String setting, String name, String value) {
      checkName(setting, name, name);
      fields.add(Map.entry(name, value));
      return this;
    }

    public EventJsonFormat build() {
      return new EventJsonFormat(includeVersion, includeContext, includeKeyValues, includeTags,
          appendNewline, maxStackTraceDepth, maxStackTraceLength, zone, fields);
    }
  }
}

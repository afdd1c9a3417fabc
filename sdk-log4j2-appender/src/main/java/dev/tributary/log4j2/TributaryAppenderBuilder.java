package dev.tributary.log4j2;

import dev.tributary.DestinationMode;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.appender.KeyStrategy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The settings of a {@code <Tributary>} appender: XML attributes and nested elements, or
 * setters for programmatic configuration. Only {@code name}, {@code destination} and
 * {@code topic} are required; every other default is the core's (see {@link TributaryConfig})
 * unless stated. A bad value is reported to the StatusLogger with the setting's name, and the
 * appender is not created; the rest of the configuration still starts.
 *
 * <p>Not thread-safe; Log4j2 uses each builder once.
 */
public final class TributaryAppenderBuilder extends AbstractAppender.Builder<TributaryAppenderBuilder>
    implements org.apache.logging.log4j.core.util.Builder<TributaryAppender> {
  /** 10 s: how long stopping waits for delivery when Log4j2 passes no timeout (shutdown hook). */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOGGER = StatusLogger.getLogger();

  @PluginBuilderAttribute
  private String destination;
  @PluginBuilderAttribute
  private String topic;
  @PluginBuilderAttribute
  private String keyStrategy;
  @PluginBuilderAttribute
  private String bufferSize;
  @PluginBuilderAttribute
  private String maxRecordSize;
  @PluginBuilderAttribute
  private String overflowPolicy;
  @PluginBuilderAttribute
  private String maxBlockTime;
  @PluginBuilderAttribute
  private String deliveryTimeout;
  @PluginBuilderAttribute
  private String linger;
  @PluginBuilderAttribute
  private String closeTimeout;
  @PluginBuilderAttribute
  private String clientId;
  @PluginBuilderAttribute
  private String spoolDir;
  @PluginBuilderAttribute
  private String spoolMaxSize;
  @PluginBuilderAttribute
  private String spoolSegmentSize;
  @PluginBuilderAttribute
  private String spoolSync;
  @PluginBuilderAttribute
  private String defaultHeaders;
  @PluginBuilderAttribute
  private String jmx;
  @PluginElement("Fields")
  private Field[] fields;
  @PluginElement("Headers")
  private Header[] headers;
  @PluginElement("AppenderRef")
  private AppenderRef[] fallback;
  @PluginElement("StandbyDestinations")
  private StandbyDestination[] standbys;
  @PluginBuilderAttribute
  private String destinationMode;
  @PluginBuilderAttribute
  private String failoverAfter;
  @PluginBuilderAttribute
  private String failbackAfter;
  @PluginBuilderAttribute
  private String destinationHeader;

  TributaryAppenderBuilder() {}

  /** Required. {@code kafka://host:9092[,host2:9092]}, {@code pixy+http://…}, {@code rest+http://…}. */
  public TributaryAppenderBuilder setDestination(String destination) {
    this.destination = destination;
    return this;
  }

  /** Required. The Kafka topic every event goes to. */
  public TributaryAppenderBuilder setTopic(String topic) {
    this.topic = topic;
    return this;
  }

  /** {@code none} (default), {@code logger}, {@code thread}, {@code host} or {@code mdc:<name>}. */
  public TributaryAppenderBuilder setKeyStrategy(String keyStrategy) {
    this.keyStrategy = keyStrategy;
    return this;
  }

  /** Buffer bound, e.g. {@code 32MB} (the default). */
  public TributaryAppenderBuilder setBufferSize(String bufferSize) {
    this.bufferSize = bufferSize;
    return this;
  }

  /** Largest record, e.g. {@code 1MB} (the default); larger events are dropped and counted. */
  public TributaryAppenderBuilder setMaxRecordSize(String maxRecordSize) {
    this.maxRecordSize = maxRecordSize;
    return this;
  }

  /** {@code DROP_NEWEST} (default), {@code DROP_OLDEST} or {@code BLOCK}. */
  public TributaryAppenderBuilder setOverflowPolicy(String overflowPolicy) {
    this.overflowPolicy = overflowPolicy;
    return this;
  }

  /** Longest wait for buffer space under {@code BLOCK}, e.g. {@code 1s} (the default). */
  public TributaryAppenderBuilder setMaxBlockTime(String maxBlockTime) {
    this.maxBlockTime = maxBlockTime;
    return this;
  }

  /** How long an event may wait for Kafka, e.g. {@code 5m} (the default). */
  public TributaryAppenderBuilder setDeliveryTimeout(String deliveryTimeout) {
    this.deliveryTimeout = deliveryTimeout;
    return this;
  }

  /** How long the sender waits to fill a batch, e.g. {@code 5ms} (the default). */
  public TributaryAppenderBuilder setLinger(String linger) {
    this.linger = linger;
    return this;
  }

  /** A directory for the durable disk spool; default none (memory only). */
  public TributaryAppenderBuilder setSpoolDir(String spoolDir) {
    this.spoolDir = spoolDir;
    return this;
  }

  /** Disk the spool may use, e.g. {@code 1GB} (the default). */
  public TributaryAppenderBuilder setSpoolMaxSize(String spoolMaxSize) {
    this.spoolMaxSize = spoolMaxSize;
    return this;
  }

  /** Size of one spool file, e.g. {@code 16MB} (the default). */
  public TributaryAppenderBuilder setSpoolSegmentSize(String spoolSegmentSize) {
    this.spoolSegmentSize = spoolSegmentSize;
    return this;
  }

  /** How often spooled data is forced to disk: {@code 1s} (default), {@code always}, {@code never}. */
  public TributaryAppenderBuilder setSpoolSync(String spoolSync) {
    this.spoolSync = spoolSync;
    return this;
  }

  /** Delivery wait when stopping without a timeout, e.g. {@code 10s} (the default). */
  public TributaryAppenderBuilder setCloseTimeout(String closeTimeout) {
    this.closeTimeout = closeTimeout;
    return this;
  }

  /** Names the producer's thread, JMX bean and Kafka client.id; default {@code log4j2-<name>}. */
  public TributaryAppenderBuilder setClientId(String clientId) {
    this.clientId = clientId;
    return this;
  }

  /** Whether records carry level/logger/trace_id/span_id headers; default true. */
  public TributaryAppenderBuilder setDefaultHeaders(String defaultHeaders) {
    this.defaultHeaders = defaultHeaders;
    return this;
  }

  /** Whether to register the producer's metrics over JMX; default true. */
  public TributaryAppenderBuilder setJmx(String jmx) {
    this.jmx = jmx;
    return this;
  }

  /** Appenders that get the events the loop guard keeps from Kafka, instead of dropping them. */
  public TributaryAppenderBuilder setFallback(AppenderRef... refs) {
    this.fallback = refs;
    return this;
  }

  /** Static JSON fields, added by {@link TributaryJsonLayout}. */
  public TributaryAppenderBuilder setFields(Field... fields) {
    this.fields = fields;
    return this;
  }

  /** Standby destinations, in order of preference. */
  public TributaryAppenderBuilder setStandbyDestinations(StandbyDestination... standbys) {
    this.standbys = standbys;
    return this;
  }

  /** With standbys: {@code failover} (default) or {@code mirror}. */
  public TributaryAppenderBuilder setDestinationMode(String destinationMode) {
    this.destinationMode = destinationMode;
    return this;
  }

  /** How long the active destination may accept nothing before a standby takes over; 30s. */
  public TributaryAppenderBuilder setFailoverAfter(String failoverAfter) {
    this.failoverAfter = failoverAfter;
    return this;
  }

  /** How long a destination must accept every probe before traffic returns to it; 1m. */
  public TributaryAppenderBuilder setFailbackAfter(String failbackAfter) {
    this.failbackAfter = failbackAfter;
    return this;
  }

  /** A record header naming the destination each event is written to; default none. */
  public TributaryAppenderBuilder setDestinationHeader(String destinationHeader) {
    this.destinationHeader = destinationHeader;
    return this;
  }

  /** Static Kafka record headers. */
  public TributaryAppenderBuilder setHeaders(Header... headers) {
    this.headers = headers;
    return this;
  }

  /**
   * Builds the appender, or reports the first bad setting to the StatusLogger and returns null,
   * as Log4j2 plugins do; the rest of the configuration starts without it.
   */
  @Override
  public TributaryAppender build() {
    String name = getName();
    try {
      return buildOrThrow();
    } catch (TributaryConfigException e) {
      LOGGER.error("Tributary appender '{}' not started: {}", name, e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      LOGGER.error("Tributary appender '{}' not started: {}", name, e.toString(), e);
    }
    return null;
  }

  /**
   * Builds the appender.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  public TributaryAppender buildOrThrow() {
    String name = Values.required("name", getName(), "name=\"KAFKA\"");
    Values.required("destination", destination, "destination=\"kafka://127.0.0.1:9092\"");
    String topicName = Values.required("topic", topic, "topic=\"app-logs\"");
    if (!topicName.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new TributaryConfigException("topic", topic, "a Kafka topic name: 1 to 249 "
          + "characters from A-Z a-z 0-9 . _ -");
    }
    KeyStrategy.Selection key = KeyStrategy.parse("keyStrategy", keyStrategy);
    Duration close = Values.duration("closeTimeout", closeTimeout, DEFAULT_CLOSE_TIMEOUT);
    if (close.isNegative()) {
      throw new TributaryConfigException("closeTimeout", closeTimeout, "must be >= 0");
    }
    TributaryConfig config = producerConfig(name, new StatusLoggerDiagnostics(name));
    Layout<? extends Serializable> layout = layout(name, nonNull(fields));
    RecordFactory records = new RecordFactory(topicName, key,
        Values.bool("defaultHeaders", defaultHeaders, true), nonNull(headers));
    TributaryManager manager = TributaryManager.forConfig(name, config, close);
    Property[] properties = getPropertyArray() == null ? Property.EMPTY_ARRAY
        : getPropertyArray();
    return new TributaryAppender(name, getFilter(), layout, isIgnoreExceptions(), properties,
        manager, records, getConfiguration(), nonNull(fallback));
  }

  /**
   * The nested layout, or the default {@link TributaryJsonLayout}; either JSON layout gets the
   * appender's {@code <Field>}s. Other layouts have their own way to add fields.
   */
  private Layout<? extends Serializable> layout(String name, List<Field> fieldList) {
    Layout<? extends Serializable> layout = getLayout();
    if (layout == null) {
      return TributaryJsonLayout.newBuilder().setConfiguration(getConfiguration())
          .setFields(fieldList.toArray(Field[]::new)).buildOrThrow();
    }
    if (layout instanceof TributaryJsonLayout json) {
      return json.withFields(fieldList);
    }
    if (!fieldList.isEmpty()) {
      LOGGER.warn("Tributary appender '{}': <Field>s apply to TributaryJsonLayout only; the "
          + "nested {} ignores them (use its own way, e.g. JsonTemplateLayout's "
          + "<EventTemplateAdditionalField>)", name, layout.getClass().getSimpleName());
    }
    return layout;
  }

  private TributaryConfig producerConfig(String name, StatusLoggerDiagnostics diagnostics) {
    TributaryConfig.Builder b = TributaryConfig.builder(destination.trim())
        .clientId(clientId != null ? clientId.trim() : defaultClientId(name))
        .diagnostics(diagnostics)
        .jmxEnabled(Values.bool("jmx", jmx, true))
        .bufferBytes(Values.size("bufferSize", bufferSize, TributaryConfig.DEFAULT_BUFFER_BYTES))
        .maxBlockTime(Values.duration("maxBlockTime", maxBlockTime,
            TributaryConfig.DEFAULT_MAX_BLOCK_TIME))
        .deliveryTimeout(Values.duration("deliveryTimeout", deliveryTimeout,
            TributaryConfig.DEFAULT_DELIVERY_TIMEOUT))
        .linger(Values.duration("linger", linger, TributaryConfig.DEFAULT_LINGER));
    long maxRecord = Values.size("maxRecordSize", maxRecordSize,
        TributaryConfig.DEFAULT_MAX_RECORD_BYTES);
    if (maxRecord > Integer.MAX_VALUE) {
      throw new TributaryConfigException("maxRecordSize", maxRecordSize, "must be below 2GB");
    }
    b.maxRecordBytes((int) maxRecord);
    if (overflowPolicy != null && !overflowPolicy.isBlank()) {
      b.overflowPolicy(policy(overflowPolicy));
    }
    if (spoolDir != null && !spoolDir.isBlank()) {
      b.spoolDir(java.nio.file.Path.of(spoolDir.trim()));
      b.spoolMaxBytes(Values.size("spoolMaxSize", spoolMaxSize,
          TributaryConfig.DEFAULT_SPOOL_MAX_BYTES));
      long segment = Values.size("spoolSegmentSize", spoolSegmentSize,
          TributaryConfig.DEFAULT_SPOOL_SEGMENT_BYTES);
      if (segment > Integer.MAX_VALUE) {
        throw new TributaryConfigException("spoolSegmentSize", spoolSegmentSize,
            "must be below 2GB");
      }
      b.spoolSegmentBytes((int) segment);
      if (spoolSync != null && !spoolSync.isBlank()) {
        String sync = spoolSync.trim();
        b.spoolSyncInterval(sync.equalsIgnoreCase("always") ? Duration.ZERO
            : sync.equalsIgnoreCase("never") ? TributaryConfig.SPOOL_SYNC_NEVER
            : Values.duration("spoolSync", sync, TributaryConfig.DEFAULT_SPOOL_SYNC_INTERVAL));
      }
    }
    // Log4j2's own KafkaAppender takes producer properties the same way: <Property name= value=>.
    if (getPropertyArray() != null) {
      for (Property p : getPropertyArray()) {
        // A value written with $${env:...} keeps its lookup until here, so Log4j2's own
        // status="debug" output shows the placeholder, never the resolved secret.
        b.producerProperty(p.getName(), p.isValueNeedsLookup() && getConfiguration() != null
            ? p.evaluate(getConfiguration().getStrSubstitutor()) : p.getValue());
      }
    }
    standbys(b);
    return b.build();
  }

  private void standbys(TributaryConfig.Builder b) {
    if (standbys != null) {
      for (StandbyDestination s : standbys) {
        b.standby(s.toStandby());
      }
    }
    if (destinationMode != null && !destinationMode.isBlank()) {
      try {
        b.destinationMode(DestinationMode.valueOf(destinationMode.trim()
            .toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new TributaryConfigException("destinationMode", destinationMode,
            "failover or mirror, in any case");
      }
    }
    b.failoverAfter(Values.duration("failoverAfter", failoverAfter,
        TributaryConfig.DEFAULT_FAILOVER_AFTER));
    b.failbackAfter(Values.duration("failbackAfter", failbackAfter,
        TributaryConfig.DEFAULT_FAILBACK_AFTER));
    if (destinationHeader != null && !destinationHeader.isBlank()) {
      b.destinationHeader(destinationHeader.trim());
    }
  }

  private static OverflowPolicy policy(String text) {
    try {
      return OverflowPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TributaryConfigException("overflowPolicy", text,
          "one of " + Arrays.toString(OverflowPolicy.values()));
    }
  }

  /** {@code log4j2-<appender name>}, with characters a client id cannot hold replaced. */
  static String defaultClientId(String appenderName) {
    String id = "log4j2-" + appenderName.replaceAll("[^A-Za-z0-9._-]", "_");
    return id.length() > 100 ? id.substring(0, 100) : id;
  }

  private static <T> List<T> nonNull(T[] items) {
    return items == null ? List.of() : Arrays.stream(items).filter(Objects::nonNull).toList();
  }
}

package dev.tributary.log4j2;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.appender.AppenderDiagnostics;
import dev.tributary.internal.appender.RecordShape;
import dev.tributary.internal.appender.SettingSyntax;
import dev.tributary.internal.appender.SettingsText;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;

/**
 * The settings of a {@code <Tributary>} appender: XML attributes and nested elements, or
 * setters for programmatic configuration. Only {@code name}, {@code destination} and
 * {@code topic} are required; every other default is the core's (see {@link TributaryConfig})
 * unless stated. Sizes and durations take the syntax both Tributary appenders share:
 * {@code 32MB}, {@code 512KB}, {@code 1GiB}; {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 5 seconds}, {@code 1.5 seconds}, ISO-8601 {@code PT5S} (a bare number is
 * milliseconds). A bad value is reported to the StatusLogger with the setting's name, and the
 * appender is not created; the rest of the configuration still starts.
 *
 * <p>Not thread-safe; Log4j2 uses each builder once.
 */
public final class TributaryAppenderBuilder extends AbstractAppender.Builder<TributaryAppenderBuilder>
    implements org.apache.logging.log4j.core.util.Builder<TributaryAppender> {
  /** 10 s: how long stopping waits for delivery when Log4j2 passes no timeout (shutdown hook). */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = SettingsText.DEFAULT_CLOSE_TIMEOUT;

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
    AppenderDiagnostics status = StatusLoggerDiagnostics.forAppender(getName());
    try {
      return buildOrThrow();
    } catch (TributaryConfigException e) {
      status.error("not started: " + e.getMessage(), null);
    } catch (RuntimeException | LinkageError e) {
      status.error("not started: " + e, e);
    }
    return null;
  }

  /**
   * Builds the appender.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  public TributaryAppender buildOrThrow() {
    String name = SettingSyntax.required("name", getName(), "name=\"KAFKA\"");
    AppenderDiagnostics status = StatusLoggerDiagnostics.forAppender(name);
    SettingsText settings = settingsText();
    RecordShape shape = settings.toShape();
    Duration close = settings.closeTimeout();
    TributaryConfig config = settings.toConfig(name, status);
    Layout<? extends Serializable> layout = layout(status, nonNull(fields));
    TributaryManager manager = TributaryManager.forConfig(name, config, close);
    Property[] properties = getPropertyArray() == null ? Property.EMPTY_ARRAY
        : getPropertyArray();
    return new TributaryAppender(name, getFilter(), layout, isIgnoreExceptions(), properties,
        manager, shape, getConfiguration(), nonNull(fallback), status);
  }

  /** The attributes and elements, as text for the shared settings grammar. */
  private SettingsText settingsText() {
    SettingsText t = new SettingsText("log4j2").destination(destination).topic(topic)
        .keyStrategy(keyStrategy).bufferSize(bufferSize).maxRecordSize(maxRecordSize)
        .overflowPolicy(overflowPolicy).maxBlockTime(maxBlockTime)
        .deliveryTimeout(deliveryTimeout).linger(linger).closeTimeout(closeTimeout)
        .clientId(clientId).spoolDir(spoolDir).spoolMaxSize(spoolMaxSize)
        .spoolSegmentSize(spoolSegmentSize).spoolSync(spoolSync)
        .defaultHeaders(defaultHeaders).jmx(jmx).destinationMode(destinationMode)
        .failoverAfter(failoverAfter).failbackAfter(failbackAfter)
        .destinationHeader(destinationHeader);
    for (Header h : nonNull(headers)) {
      t.header(h.name(), h.value());
    }
    for (StandbyDestination s : nonNull(standbys)) {
      t.standby(s.toText());
    }
    // Log4j2's own KafkaAppender takes producer properties the same way: <Property name= value=>.
    if (getPropertyArray() != null) {
      for (Property p : getPropertyArray()) {
        // A value written with $${env:...} keeps its lookup until here, so Log4j2's own
        // status="debug" output shows the placeholder, never the resolved secret.
        t.producerProperty(p.getName(), p.isValueNeedsLookup() && getConfiguration() != null
            ? p.evaluate(getConfiguration().getStrSubstitutor()) : p.getValue());
      }
    }
    return t;
  }

  /**
   * The nested layout, or the default {@link TributaryJsonLayout}; either JSON layout gets the
   * appender's {@code <Field>}s. Other layouts have their own way to add fields.
   */
  private Layout<? extends Serializable> layout(AppenderDiagnostics status,
      List<Field> fieldList) {
    Layout<? extends Serializable> layout = getLayout();
    if (layout == null) {
      return TributaryJsonLayout.newBuilder().setConfiguration(getConfiguration())
          .setFields(fieldList.toArray(Field[]::new)).buildOrThrow();
    }
    if (layout instanceof TributaryJsonLayout json) {
      return json.withFields(fieldList);
    }
    if (!fieldList.isEmpty()) {
      status.warn("<Field>s apply to TributaryJsonLayout only; the nested "
          + layout.getClass().getSimpleName() + " ignores them (use its own way, e.g. "
          + "JsonTemplateLayout's <EventTemplateAdditionalField>)", null);
    }
    return layout;
  }

  private static <T> List<T> nonNull(T[] items) {
    return items == null ? List.of() : Arrays.stream(items).filter(Objects::nonNull).toList();
  }
}

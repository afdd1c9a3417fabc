package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.tributary.DestinationMode;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryRecord.Header;
import dev.tributary.internal.appender.KeyStrategy;
import dev.tributary.internal.logback.EventJsonWriter;
import dev.tributary.internal.logback.RecordMaker;
import dev.tributary.internal.logback.Settings;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The XML-settable properties of {@link TributaryAppender}, and the one place that maps them
 * onto an immutable {@link TributaryConfig} (plus the record shape: topic, key, headers,
 * encoder). Sizes use Logback's syntax ({@code 32MB}), durations too ({@code 5 seconds},
 * {@code 500 milliseconds}, or ISO-8601 {@code PT5S}). Every setting but {@code destination}
 * and {@code topic} is optional; an unset one takes the default named below.
 *
 * <p>Values are kept as text and parsed at {@code start()}, so a bad one is reported through
 * Logback's status system naming the setting, and the appender stays stopped.
 */
public abstract class AppenderSettings extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /**
   * 10 s: how long {@code stop()} (and so {@code LoggerContext.stop()}) waits to deliver what is
   * buffered. Shorter than the core's 30 s because it delays every shutdown of the service.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private String destination;
  private String topic;
  private String keyStrategy;
  private String bufferSize;
  private String maxRecordSize;
  private String overflowPolicy;
  private String maxBlockTime;
  private String deliveryTimeout;
  private String linger;
  private String closeTimeout;
  private String clientId;
  private String spoolDir;
  private String spoolMaxSize;
  private String spoolSegmentSize;
  private String spoolSync;
  private boolean defaultHeaders = true;
  private boolean jmx = true;
  private final List<String> headers = new ArrayList<>();
  private final List<String> fields = new ArrayList<>();
  private final List<String> producerProperties = new ArrayList<>();
  private final List<StandbyDestinationSettings> standbys = new ArrayList<>();
  private String destinationMode;
  private String failoverAfter;
  private String failbackAfter;
  private String destinationHeader;
  private Encoder<ILoggingEvent> encoder;
  /** A configured JsonEncoder outlives a stop/start; it must get the fields only once. */
  private boolean fieldsHandedOver;

  /**
   * Required. {@code kafka://host:9092[,host2:9092]}, or a proxy: {@code rest+http://…},
   * {@code pixy+http://…}, {@code pixy+grpc://…}.
   */
  public void setDestination(String destination) {
    this.destination = destination;
  }

  /** Required. The Kafka topic every event goes to. */
  public void setTopic(String topic) {
    this.topic = topic;
  }

  /**
   * The record key: {@code none} (default), {@code logger}, {@code thread}, {@code host},
   * {@code mdc:<key>}.
   */
  public void setKeyStrategy(String keyStrategy) {
    this.keyStrategy = keyStrategy;
  }

  /** Bytes held for delivery, e.g. {@code 64MB}; default 32MB. */
  public void setBufferSize(String size) {
    this.bufferSize = size;
  }

  /** Largest record, e.g. {@code 1MB}; larger ones are dropped and counted. Default 1MB. */
  public void setMaxRecordSize(String size) {
    this.maxRecordSize = size;
  }

  /** {@code DROP_NEWEST} (default: never waits), {@code DROP_OLDEST} or {@code BLOCK}. */
  public void setOverflowPolicy(String policy) {
    this.overflowPolicy = policy;
  }

  /** Longest wait for buffer space under {@code BLOCK}; default 1 second. */
  public void setMaxBlockTime(String duration) {
    this.maxBlockTime = duration;
  }

  /** How long an event may wait for Kafka's acknowledgement; default 5 minutes. */
  public void setDeliveryTimeout(String duration) {
    this.deliveryTimeout = duration;
  }

  /** How long the sender waits to fill a batch; default 5 milliseconds. */
  public void setLinger(String duration) {
    this.linger = duration;
  }

  /** How long {@code stop()} waits for delivery; default {@link #DEFAULT_CLOSE_TIMEOUT}. */
  public void setCloseTimeout(String duration) {
    this.closeTimeout = duration;
  }

  /**
   * A directory for the durable disk spool; default none. With it, events logged while Kafka is
   * unreachable, or in flight when the process is killed, are kept on disk and delivered later.
   */
  public void setSpoolDir(String dir) {
    this.spoolDir = dir;
  }

  /** Disk the spool may use, e.g. {@code 1GB} (the default). */
  public void setSpoolMaxSize(String size) {
    this.spoolMaxSize = size;
  }

  /** Size of one spool file, e.g. {@code 16MB} (the default). */
  public void setSpoolSegmentSize(String size) {
    this.spoolSegmentSize = size;
  }

  /**
   * How often spooled data is forced to disk: a duration ({@code 1 second}, the default),
   * {@code always} (every write) or {@code never} (leave it to the OS).
   */
  public void setSpoolSync(String sync) {
    this.spoolSync = sync;
  }

  /** Kafka {@code client.id} and thread-name suffix; default {@code logback-<appender name>}. */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /**
   * Whether to add the {@code level}, {@code logger}, {@code trace_id} and {@code span_id}
   * headers; default true.
   */
  public void setDefaultHeaders(boolean enabled) {
    this.defaultHeaders = enabled;
  }

  /** Whether to register the producer's metrics over JMX; default true. */
  public void setJmx(boolean enabled) {
    this.jmx = enabled;
  }

  /** A static Kafka record header, {@code name=value}; repeatable. */
  public void addHeader(String nameValue) {
    headers.add(nameValue);
  }

  /** A static JSON field, {@code name=value}, added by {@link JsonEncoder}; repeatable. */
  public void addField(String nameValue) {
    fields.add(nameValue);
  }

  /** A Kafka producer property, {@code name=value}, e.g. {@code acks=all}; repeatable. */
  public void addProducerProperty(String nameValue) {
    producerProperties.add(nameValue);
  }

  /**
   * A standby destination, with its own name and producer properties; repeatable, in order of
   * preference. See {@link StandbyDestinationSettings}.
   */
  public void addStandbyDestination(StandbyDestinationSettings standby) {
    standbys.add(standby);
  }

  /** With standbys: {@code failover} (default) or {@code mirror}. */
  public void setDestinationMode(String mode) {
    this.destinationMode = mode;
  }

  /** How long the active destination may accept nothing before a standby takes over; 30 s. */
  public void setFailoverAfter(String duration) {
    this.failoverAfter = duration;
  }

  /** How long a destination must accept every probe before traffic returns to it; 1 minute. */
  public void setFailbackAfter(String duration) {
    this.failbackAfter = duration;
  }

  /** A record header naming the destination each event is written to; default none. */
  public void setDestinationHeader(String name) {
    this.destinationHeader = name;
  }

  /** Encodes each event into the record value; default a {@link JsonEncoder}. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public Encoder<ILoggingEvent> getEncoder() {
    return encoder;
  }

  /** The topic as configured. */
  protected final String topic() {
    return topic;
  }

  /**
   * Maps the delivery settings onto one immutable config.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  protected final TributaryConfig toConfig(Diagnostics diagnostics) {
    TributaryConfig.Builder b = TributaryConfig.builder(destination)
        .clientId(Settings.isBlank(clientId) ? defaultClientId() : clientId.trim())
        .diagnostics(diagnostics)
        .jmxEnabled(jmx);
    // The core names these bufferBytes and maxRecordBytes; report the names the user wrote.
    if (!Settings.isBlank(bufferSize)) {
      long bytes = Settings.size("bufferSize", bufferSize);
      Settings.renamed("bufferSize", bufferSize, () -> b.bufferBytes(bytes));
    }
    if (!Settings.isBlank(maxRecordSize)) {
      int bytes = Settings.intSize("maxRecordSize", maxRecordSize);
      Settings.renamed("maxRecordSize", maxRecordSize, () -> b.maxRecordBytes(bytes));
    }
    if (!Settings.isBlank(overflowPolicy)) {
      b.overflowPolicy(Settings.enumValue("overflowPolicy", overflowPolicy, OverflowPolicy.class));
    }
    if (!Settings.isBlank(maxBlockTime)) {
      b.maxBlockTime(Settings.duration("maxBlockTime", maxBlockTime));
    }
    if (!Settings.isBlank(deliveryTimeout)) {
      b.deliveryTimeout(Settings.duration("deliveryTimeout", deliveryTimeout));
    }
    if (!Settings.isBlank(linger)) {
      b.linger(Settings.duration("linger", linger));
    }
    if (!Settings.isBlank(spoolDir)) {
      b.spoolDir(java.nio.file.Path.of(spoolDir.trim()));
    }
    if (!Settings.isBlank(spoolMaxSize)) {
      long bytes = Settings.size("spoolMaxSize", spoolMaxSize);
      Settings.renamed("spoolMaxSize", spoolMaxSize, () -> b.spoolMaxBytes(bytes));
    }
    if (!Settings.isBlank(spoolSegmentSize)) {
      int bytes = Settings.intSize("spoolSegmentSize", spoolSegmentSize);
      Settings.renamed("spoolSegmentSize", spoolSegmentSize, () -> b.spoolSegmentBytes(bytes));
    }
    if (!Settings.isBlank(spoolSync)) {
      String sync = spoolSync.trim();
      b.spoolSyncInterval(sync.equalsIgnoreCase("always") ? java.time.Duration.ZERO
          : sync.equalsIgnoreCase("never") ? TributaryConfig.SPOOL_SYNC_NEVER
          : Settings.duration("spoolSync", sync));
    }
    for (String p : producerProperties) {
      Map.Entry<String, String> e = Settings.pair("producerProperty", p);
      b.producerProperty(e.getKey(), e.getValue());
    }
    for (StandbyDestinationSettings s : standbys) {
      b.standby(s.toStandby());
    }
    if (!Settings.isBlank(destinationMode)) {
      b.destinationMode(Settings.enumValue("destinationMode", destinationMode,
          DestinationMode.class));
    }
    if (!Settings.isBlank(failoverAfter)) {
      b.failoverAfter(Settings.duration("failoverAfter", failoverAfter));
    }
    if (!Settings.isBlank(failbackAfter)) {
      b.failbackAfter(Settings.duration("failbackAfter", failbackAfter));
    }
    if (!Settings.isBlank(destinationHeader)) {
      b.destinationHeader(destinationHeader.trim());
    }
    closeTimeout(); // validated now, used at stop()
    try {
      return b.build();
    } catch (TributaryConfigException e) {
      if ("maxRecordBytes".equals(e.setting())) {
        throw Settings.rename("maxRecordSize", maxRecordSize, e);
      }
      throw e;
    }
  }

  /**
   * Validates the record settings and builds what turns events into records. Starts the default
   * {@link JsonEncoder} when no encoder was set, and hands it the {@code field} settings.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  protected final RecordMaker toRecordMaker() {
    if (Settings.isBlank(topic) || !topic.trim().matches("[A-Za-z0-9._-]{1,249}")) {
      throw new TributaryConfigException("topic", topic, "a Kafka topic name: 1 to 249 "
          + "characters from A-Z a-z 0-9 . _ -");
    }
    KeyStrategy.Selection key = KeyStrategy.parse("keyStrategy", keyStrategy);
    List<Header> staticHeaders = new ArrayList<>();
    for (String h : headers) {
      Map.Entry<String, String> e = Settings.pair("header", h);
      staticHeaders.add(Header.of(e.getKey(), e.getValue()));
    }
    for (String f : fields) {
      if (EventJsonWriter.RESERVED.contains(Settings.pair("field", f).getKey())) {
        throw new TributaryConfigException("field", f, "the name must not be one of "
            + EventJsonWriter.RESERVED);
      }
    }
    Encoder<ILoggingEvent> enc = encoder;
    if (enc == null) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(getContext());
      fields.forEach(json::addField);
      enc = json;
    } else if (enc instanceof JsonEncoder json) {
      if (!fieldsHandedOver) {
        fields.forEach(json::addField);
        fieldsHandedOver = true;
      }
    } else if (!fields.isEmpty()) {
      addWarn("The field settings apply only to JsonEncoder; the encoder "
          + enc.getClass().getName() + " ignores them (use its own setting, e.g. "
          + "LogstashEncoder's customFields)");
    }
    if (!enc.isStarted()) {
      if (enc.getContext() == null) {
        enc.setContext(getContext());
      }
      enc.start();
      if (!enc.isStarted()) {
        throw new TributaryConfigException("encoder", enc.getClass().getName(),
            "an encoder that starts; see the status messages above");
      }
    }
    return new RecordMaker(topic.trim(), enc, key, defaultHeaders, staticHeaders);
  }

  /** The close timeout setting, or its default. */
  protected final Duration closeTimeout() {
    return Settings.isBlank(closeTimeout) ? DEFAULT_CLOSE_TIMEOUT
        : Settings.duration("closeTimeout", closeTimeout);
  }

  private String defaultClientId() {
    String n = getName() == null ? "" : getName().replaceAll("[^A-Za-z0-9._-]", "_");
    String id = n.isEmpty() ? "logback" : "logback-" + n;
    return id.length() > 100 ? id.substring(0, 100) : id;
  }
}

package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.appender.RecordShape;
import dev.tributary.internal.appender.SettingsText;
import dev.tributary.internal.json.EventJsonFormat;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The XML-settable properties of {@link TributaryAppender}, and the one place that maps them
 * onto an immutable {@link TributaryConfig} (plus the record shape: topic, key, headers,
 * encoder). Sizes and durations take the syntax both Tributary appenders share:
 * {@code 32MB}, {@code 512KB}, {@code 1GiB}; {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 5 seconds}, {@code 1.5 seconds}, ISO-8601 {@code PT5S} (a bare number is
 * milliseconds). Every setting but {@code destination} and {@code topic} is optional; an unset
 * one takes the default named below.
 *
 * <p>Values are kept as text and parsed at {@code start()}, so a bad one is reported through
 * Logback's status system naming the setting, and the appender stays stopped.
 */
public abstract class AppenderSettings extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /**
   * 10 s: how long {@code stop()} (and so {@code LoggerContext.stop()}) waits to deliver what is
   * buffered. Shorter than the core's 30 s because it delays every shutdown of the service.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = SettingsText.DEFAULT_CLOSE_TIMEOUT;

  private final SettingsText settings = new SettingsText("logback");
  private final List<String> fields = new ArrayList<>();
  private Encoder<ILoggingEvent> encoder;
  /** A configured JsonEncoder outlives a stop/start; it must get the fields only once. */
  private boolean fieldsHandedOver;

  /**
   * Required. {@code kafka://host:9092[,host2:9092]}, or a proxy: {@code rest+http://…},
   * {@code pixy+http://…}, {@code pixy+grpc://…}.
   */
  public void setDestination(String destination) {
    settings.destination(destination);
  }

  /** Required. The Kafka topic every event goes to. */
  public void setTopic(String topic) {
    settings.topic(topic);
  }

  /**
   * The record key: {@code none} (default), {@code logger}, {@code thread}, {@code host},
   * {@code mdc:<key>}.
   */
  public void setKeyStrategy(String keyStrategy) {
    settings.keyStrategy(keyStrategy);
  }

  /** Bytes held for delivery, e.g. {@code 64MB}; default 32MB. */
  public void setBufferSize(String size) {
    settings.bufferSize(size);
  }

  /** Largest record, e.g. {@code 1MB}; larger ones are dropped and counted. Default 1MB. */
  public void setMaxRecordSize(String size) {
    settings.maxRecordSize(size);
  }

  /** {@code DROP_NEWEST} (default: never waits), {@code DROP_OLDEST} or {@code BLOCK}. */
  public void setOverflowPolicy(String policy) {
    settings.overflowPolicy(policy);
  }

  /** Longest wait for buffer space under {@code BLOCK}; default 1 second. */
  public void setMaxBlockTime(String duration) {
    settings.maxBlockTime(duration);
  }

  /** How long an event may wait for Kafka's acknowledgement; default 5 minutes. */
  public void setDeliveryTimeout(String duration) {
    settings.deliveryTimeout(duration);
  }

  /** How long the sender waits to fill a batch; default 5 milliseconds. */
  public void setLinger(String duration) {
    settings.linger(duration);
  }

  /** How long {@code stop()} waits for delivery; default {@link #DEFAULT_CLOSE_TIMEOUT}. */
  public void setCloseTimeout(String duration) {
    settings.closeTimeout(duration);
  }

  /**
   * A directory for the durable disk spool; default none. With it, events logged while Kafka is
   * unreachable, or in flight when the process is killed, are kept on disk and delivered later.
   */
  public void setSpoolDir(String dir) {
    settings.spoolDir(dir);
  }

  /** Disk the spool may use, e.g. {@code 1GB} (the default). */
  public void setSpoolMaxSize(String size) {
    settings.spoolMaxSize(size);
  }

  /** Size of one spool file, e.g. {@code 16MB} (the default). */
  public void setSpoolSegmentSize(String size) {
    settings.spoolSegmentSize(size);
  }

  /**
   * How often spooled data is forced to disk: a duration ({@code 1 second}, the default),
   * {@code always} (every write) or {@code never} (leave it to the OS).
   */
  public void setSpoolSync(String sync) {
    settings.spoolSync(sync);
  }

  /** Kafka {@code client.id} and thread-name suffix; default {@code logback-<appender name>}. */
  public void setClientId(String clientId) {
    settings.clientId(clientId);
  }

  /**
   * Whether to add the {@code level}, {@code logger}, {@code trace_id} and {@code span_id}
   * headers; default true.
   */
  public void setDefaultHeaders(boolean enabled) {
    settings.defaultHeaders(String.valueOf(enabled));
  }

  /** Whether to register the producer's metrics over JMX; default true. */
  public void setJmx(boolean enabled) {
    settings.jmx(String.valueOf(enabled));
  }

  /** A static Kafka record header, {@code name=value}; repeatable. */
  public void addHeader(String nameValue) {
    settings.headerText("header", nameValue);
  }

  /** A static JSON field, {@code name=value}, added by {@link JsonEncoder}; repeatable. */
  public void addField(String nameValue) {
    fields.add(nameValue);
  }

  /** A Kafka producer property, {@code name=value}, e.g. {@code acks=all}; repeatable. */
  public void addProducerProperty(String nameValue) {
    settings.producerPropertyText("producerProperty", nameValue);
  }

  /**
   * A standby destination, with its own name and producer properties; repeatable, in order of
   * preference. See {@link StandbyDestinationSettings}.
   */
  public void addStandbyDestination(StandbyDestinationSettings standby) {
    settings.standby(standby.text());
  }

  /** With standbys: {@code failover} (default) or {@code mirror}. */
  public void setDestinationMode(String mode) {
    settings.destinationMode(mode);
  }

  /** How long the active destination may accept nothing before a standby takes over; 30 s. */
  public void setFailoverAfter(String duration) {
    settings.failoverAfter(duration);
  }

  /** How long a destination must accept every probe before traffic returns to it; 1 minute. */
  public void setFailbackAfter(String duration) {
    settings.failbackAfter(duration);
  }

  /** A record header naming the destination each event is written to; default none. */
  public void setDestinationHeader(String name) {
    settings.destinationHeader(name);
  }

  /** Encodes each event into the record value; default a {@link JsonEncoder}. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public Encoder<ILoggingEvent> getEncoder() {
    return encoder;
  }

  /**
   * Maps the delivery settings onto one immutable config.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  protected final TributaryConfig toConfig(Diagnostics diagnostics) {
    return settings.toConfig(getName(), diagnostics);
  }

  /**
   * The record shape: topic, key, headers.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  protected final RecordShape toShape() {
    return settings.toShape();
  }

  /**
   * The encoder, started: the default {@link JsonEncoder} when none was set, which gets the
   * {@code field} settings, as does a configured one.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  protected final Encoder<ILoggingEvent> startEncoder(Diagnostics status) {
    for (String f : fields) {
      EventJsonFormat.field("field", f);
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
      status.warn("The field settings apply only to JsonEncoder; the encoder "
          + enc.getClass().getName() + " ignores them (use its own setting, e.g. "
          + "LogstashEncoder's customFields)", null);
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
    return enc;
  }

  /**
   * The close timeout setting, or its default.
   *
   * @throws TributaryConfigException if it is not a duration >= 0
   */
  protected final Duration closeTimeout() {
    return settings.closeTimeout();
  }
}

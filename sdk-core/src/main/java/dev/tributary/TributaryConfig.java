package dev.tributary;

import dev.tributary.internal.ConsoleWarnings;
import dev.tributary.internal.Transports;
import dev.tributary.internal.redact.RedactingDiagnostics;
import dev.tributary.internal.redact.Secrets;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable producer settings, validated when built. Derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092")
 *     .bufferBytes(64L << 20)
 *     .producerProperty("compression.type", "zstd")
 *     .build();
 * }</pre>
 *
 * <p>Every default below is a named constant whose Javadoc gives its unit and reason.
 */
public final class TributaryConfig {
  /** 32 MiB: about a minute of busy logging (500 events/s of ~1 KiB) kept through an outage. */
  public static final long DEFAULT_BUFFER_BYTES = 32L << 20;
  /** 1 MiB, Kafka's default {@code max.request.size}; larger records are dropped and counted. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  /** Never wait in the caller: drop the new record and count it. */
  public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_NEWEST;
  /** 1 s: the longest a caller waits for buffer space, only under {@link OverflowPolicy#BLOCK}. */
  public static final Duration DEFAULT_MAX_BLOCK_TIME = Duration.ofSeconds(1);
  /**
   * 5 min: how long a record may wait for an acknowledgement, counted from when it was offered.
   * Long on purpose: a broker restart or leader election takes tens of seconds.
   */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(5);
  /** 5 ms: how long the sender waits to fill a batch; Kafka 4's own {@code linger.ms} default. */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
  /** 2,000 records at most per batch handed to the transport. */
  public static final int DEFAULT_BATCH_MAX_RECORDS = 2_000;
  /** 1 MiB at most per batch (a single larger record still travels alone). */
  public static final int DEFAULT_BATCH_MAX_BYTES = 1 << 20;
  /** 8 batches in flight at once: enough to hide a round trip without flooding a proxy. */
  public static final int DEFAULT_MAX_IN_FLIGHT_BATCHES = 8;
  /** 100 ms: the first retry backoff; each retry doubles it, with full jitter. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
  /** 10 s: the cap on a retry backoff. */
  public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(10);

  /** 1 GiB: the most disk a spool may use before its cap policy acts. */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;
  /** 16 MiB per spool segment file: small enough to free disk soon after delivery. */
  public static final int DEFAULT_SPOOL_SEGMENT_BYTES = 16 << 20;
  /**
   * 1 s: how often spooled data is forced to disk. A killed process loses nothing the spool
   * had written (the OS keeps it); a power failure can lose up to this much.
   */
  public static final Duration DEFAULT_SPOOL_SYNC_INTERVAL = Duration.ofSeconds(1);
  /** Never force spooled data to disk; rely on the OS page cache. */
  public static final Duration SPOOL_SYNC_NEVER = Duration.ofSeconds(Long.MAX_VALUE);
  /**
   * 30 s: how long {@link TributaryProducer#close()} and the close at JVM exit wait for records
   * to be delivered. Long enough for a leader election; bounded, so exit never hangs.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  private final Destination destination;
  private final String clientId;
  private final long bufferBytes;
  private final int maxRecordBytes;
  private final OverflowPolicy overflowPolicy;
  private final Duration maxBlockTime;
  private final Duration deliveryTimeout;
  private final Duration linger;
  private final int batchMaxRecords;
  private final int batchMaxBytes;
  private final int maxInFlightBatches;
  private final Duration retryBackoff;
  private final Duration retryBackoffMax;
  private final Map<String, String> producerProperties;
  private final Diagnostics diagnostics;
  private final boolean jmxEnabled;
  private final boolean micrometerEnabled;
  private final Path spoolDir;
  private final long spoolMaxBytes;
  private final int spoolSegmentBytes;
  private final Duration spoolSyncInterval;
  private final Duration closeTimeout;
  private final boolean closeAtExit;
  private final boolean consoleWarnings;

  private TributaryConfig(Builder b, Destination destination) {
    this.destination = destination;
    this.clientId = b.clientId != null ? b.clientId : "tributary-" + CLIENT_IDS.incrementAndGet();
    this.bufferBytes = b.bufferBytes;
    this.maxRecordBytes = b.maxRecordBytes;
    this.overflowPolicy = b.overflowPolicy;
    this.maxBlockTime = b.maxBlockTime;
    this.deliveryTimeout = b.deliveryTimeout;
    this.linger = b.linger;
    this.batchMaxRecords = b.batchMaxRecords;
    this.batchMaxBytes = b.batchMaxBytes;
    this.maxInFlightBatches = b.maxInFlightBatches;
    this.retryBackoff = b.retryBackoff;
    this.retryBackoffMax = b.retryBackoffMax;
    this.producerProperties = Map.copyOf(b.producerProperties);
    // Every status line the SDK writes for this config passes here: scrub its secrets, then
    // copy warnings to stderr where the application would not see them otherwise.
    this.diagnostics = RedactingDiagnostics.wrap(
        ConsoleWarnings.wrap(b.diagnostics, b.consoleWarnings), Secrets.of(producerProperties));
    this.jmxEnabled = b.jmxEnabled;
    this.micrometerEnabled = b.micrometerEnabled;
    this.spoolDir = b.spoolDir;
    this.spoolMaxBytes = b.spoolMaxBytes;
    this.spoolSegmentBytes = b.spoolSegmentBytes;
    this.spoolSyncInterval = b.spoolSyncInterval;
    this.closeTimeout = b.closeTimeout;
    this.closeAtExit = b.closeAtExit;
    this.consoleWarnings = b.consoleWarnings;
  }

  /** Starts a config for {@code destination}, e.g. {@code kafka://host:9092,host2:9092}. */
  public static Builder builder(String destination) {
    return new Builder().destination(destination);
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.destination = destination.uri();
    b.clientId = clientId;
    b.bufferBytes = bufferBytes;
    b.maxRecordBytes = maxRecordBytes;
    b.overflowPolicy = overflowPolicy;
    b.maxBlockTime = maxBlockTime;
    b.deliveryTimeout = deliveryTimeout;
    b.linger = linger;
    b.batchMaxRecords = batchMaxRecords;
    b.batchMaxBytes = batchMaxBytes;
    b.maxInFlightBatches = maxInFlightBatches;
    b.retryBackoff = retryBackoff;
    b.retryBackoffMax = retryBackoffMax;
    b.producerProperties.putAll(producerProperties);
    b.diagnostics = ConsoleWarnings.unwrap(RedactingDiagnostics.unwrap(diagnostics));
    b.jmxEnabled = jmxEnabled;
    b.micrometerEnabled = micrometerEnabled;
    b.spoolDir = spoolDir;
    b.spoolMaxBytes = spoolMaxBytes;
    b.spoolSegmentBytes = spoolSegmentBytes;
    b.spoolSyncInterval = spoolSyncInterval;
    b.closeTimeout = closeTimeout;
    b.closeAtExit = closeAtExit;
    b.consoleWarnings = consoleWarnings;
    return b;
  }

  public Destination destination() {
    return destination;
  }

  /** Names threads ({@code tributary-sender-<clientId>}), the JMX bean and Kafka's client.id. */
  public String clientId() {
    return clientId;
  }

  /** Upper bound, in bytes, on records accepted but not yet delivered, failed or dropped. */
  public long bufferBytes() {
    return bufferBytes;
  }

  /** Largest record accepted, in bytes as counted by {@link TributaryRecord#sizeInBytes()}. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public OverflowPolicy overflowPolicy() {
    return overflowPolicy;
  }

  /** Longest a caller waits for space under {@link OverflowPolicy#BLOCK}; unused otherwise. */
  public Duration maxBlockTime() {
    return maxBlockTime;
  }

  /** Longest a record may wait for an acknowledgement, counted from when it was offered. */
  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  public Duration linger() {
    return linger;
  }

  public int batchMaxRecords() {
    return batchMaxRecords;
  }

  public int batchMaxBytes() {
    return batchMaxBytes;
  }

  public int maxInFlightBatches() {
    return maxInFlightBatches;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public Duration retryBackoffMax() {
    return retryBackoffMax;
  }

  /** Properties passed to the transport, e.g. Kafka producer properties; unmodifiable. */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  /**
   * Where the SDK's diagnostics go: the {@link Builder#diagnostics(Diagnostics)} given, behind
   * a guard that replaces any secret of {@link #producerProperties()} (passwords, tokens, the
   * JAAS config) with {@code <redacted>}.
   */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Whether the producer registers its metrics as a JMX MBean. */
  public boolean jmxEnabled() {
    return jmxEnabled;
  }

  /**
   * Whether the producer binds its metrics to Micrometer's global registry
   * ({@code Metrics.globalRegistry}) when micrometer-core is on the classpath; default true.
   * Turn it off to bind them to a registry of your choice with
   * {@code dev.tributary.micrometer.TributaryMeterBinder}.
   */
  public boolean micrometerEnabled() {
    return micrometerEnabled;
  }

  /**
   * The spool directory, or null for none. With a directory and any policy but
   * {@link OverflowPolicy#SPILL}, every record passes through the disk and leaves it only once
   * delivered (or rejected for good): an outage or a crash loses nothing, duplicates are
   * possible. Records in the spool do not expire by {@link #deliveryTimeout()}.
   */
  public Path spoolDir() {
    return spoolDir;
  }

  /** Whether records pass through the disk (a spool directory and a policy other than SPILL). */
  public boolean durableSpool() {
    return spoolDir != null && overflowPolicy != OverflowPolicy.SPILL;
  }

  /**
   * Disk the spool may use. When reached, {@link OverflowPolicy#DROP_OLDEST} deletes the oldest
   * segment (its unsent records count as dropped); other policies stop taking records into the
   * spool, so the memory buffer fills and the policy applies there.
   */
  public long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  public int spoolSegmentBytes() {
    return spoolSegmentBytes;
  }

  /** How often spooled data is forced to disk; zero for every write, or {@link #SPOOL_SYNC_NEVER}. */
  public Duration spoolSyncInterval() {
    return spoolSyncInterval;
  }

  /**
   * How long {@link TributaryProducer#close()} (without an argument) and the close at JVM exit
   * wait for records to be delivered before abandoning and reporting the rest.
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * Whether a JVM shutdown hook closes the producer at exit, delivering what it holds within
   * {@link #closeTimeout()}; default true. The hook is removed when the producer is closed
   * before. Turn it off when the application closes the producer in its own shutdown sequence
   * and logs after the JVM began to exit.
   */
  public boolean closeAtExit() {
    return closeAtExit;
  }

  /**
   * Whether warnings and errors (a destination accepting nothing for a while and its recovery,
   * drops, failed records, records left undelivered at close) are also printed on stderr when
   * the {@link #diagnostics()} would not show them: the SLF4J logger {@code dev.tributary}
   * without a provider or with WARN off, or an appender's status system in its default,
   * quiet setting. Each line is short and rate-limited, and never shows a secret. Default true.
   */
  public boolean consoleWarnings() {
    return consoleWarnings;
  }

  @Override
  public String toString() {
    // Producer properties may hold credentials (sasl.jaas.config): print their names only.
    return "TributaryConfig{destination=" + destination + ", clientId=" + clientId
        + ", bufferBytes=" + bufferBytes + ", overflowPolicy=" + overflowPolicy
        + ", deliveryTimeout=" + deliveryTimeout + ", linger=" + linger
        + ", producerProperties=" + producerProperties.keySet()
        + (spoolDir == null ? "" : ", spoolDir=" + spoolDir) + '}';
  }

  /** Collects and validates settings. Not thread-safe. */
  public static final class Builder {
    private String destination;
    private String clientId;
    private long bufferBytes = DEFAULT_BUFFER_BYTES;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
    private Duration maxBlockTime = DEFAULT_MAX_BLOCK_TIME;
    private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
    private Duration linger = DEFAULT_LINGER;
    private int batchMaxRecords = DEFAULT_BATCH_MAX_RECORDS;
    private int batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
    private int maxInFlightBatches = DEFAULT_MAX_IN_FLIGHT_BATCHES;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private Duration retryBackoffMax = DEFAULT_RETRY_BACKOFF_MAX;
    private final Map<String, String> producerProperties = new LinkedHashMap<>();
    private Diagnostics diagnostics = Diagnostics.slf4j();
    private boolean jmxEnabled = true;
    private boolean micrometerEnabled = true;
    private Path spoolDir;
    private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    private int spoolSegmentBytes = DEFAULT_SPOOL_SEGMENT_BYTES;
    private Duration spoolSyncInterval = DEFAULT_SPOOL_SYNC_INTERVAL;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private boolean closeAtExit = true;
    private boolean consoleWarnings = true;

    private Builder() {}

    /** Turns the disk spool on; see {@link TributaryConfig#spoolDir()}. Null turns it off. */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    public Builder spoolMaxBytes(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new TributaryConfigException("spoolMaxBytes", bytes, "must be at least 1 MiB");
      }
      this.spoolMaxBytes = bytes;
      return this;
    }

    public Builder spoolSegmentBytes(int bytes) {
      if (bytes < 64 * 1024) {
        throw new TributaryConfigException("spoolSegmentBytes", bytes,
            "must be at least 64 KiB");
      }
      this.spoolSegmentBytes = bytes;
      return this;
    }

    public Builder spoolSyncInterval(Duration interval) {
      this.spoolSyncInterval = nonNegative("spoolSyncInterval", interval);
      return this;
    }

    public Builder destination(String destination) {
      this.destination = destination;
      return this;
    }

    public Builder clientId(String clientId) {
      if (clientId == null || !clientId.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new TributaryConfigException("clientId", clientId,
            "1 to 100 characters from A-Z a-z 0-9 . _ -");
      }
      this.clientId = clientId;
      return this;
    }

    public Builder bufferBytes(long bytes) {
      if (bytes < 1024) {
        throw new TributaryConfigException("bufferBytes", bytes, "must be at least 1024 bytes");
      }
      this.bufferBytes = bytes;
      return this;
    }

    public Builder maxRecordBytes(int bytes) {
      if (bytes < 128) {
        throw new TributaryConfigException("maxRecordBytes", bytes, "must be at least 128 bytes");
      }
      this.maxRecordBytes = bytes;
      return this;
    }

    public Builder overflowPolicy(OverflowPolicy policy) {
      this.overflowPolicy = Objects.requireNonNull(policy, "overflowPolicy");
      return this;
    }

    public Builder maxBlockTime(Duration time) {
      this.maxBlockTime = nonNegative("maxBlockTime", time);
      return this;
    }

    public Builder deliveryTimeout(Duration timeout) {
      this.deliveryTimeout = positive("deliveryTimeout", timeout);
      return this;
    }

    public Builder linger(Duration linger) {
      this.linger = nonNegative("linger", linger);
      if (linger.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new TributaryConfigException("linger", linger, "must be at most PT1M");
      }
      return this;
    }

    public Builder batchMaxRecords(int records) {
      if (records < 1 || records > 1_000_000) {
        throw new TributaryConfigException("batchMaxRecords", records, "must be in 1..1000000");
      }
      this.batchMaxRecords = records;
      return this;
    }

    public Builder batchMaxBytes(int bytes) {
      if (bytes < 1024) {
        throw new TributaryConfigException("batchMaxBytes", bytes, "must be at least 1024 bytes");
      }
      this.batchMaxBytes = bytes;
      return this;
    }

    public Builder maxInFlightBatches(int batches) {
      if (batches < 1 || batches > 1024) {
        throw new TributaryConfigException("maxInFlightBatches", batches, "must be in 1..1024");
      }
      this.maxInFlightBatches = batches;
      return this;
    }

    public Builder retryBackoff(Duration initial) {
      this.retryBackoff = positive("retryBackoff", initial);
      return this;
    }

    public Builder retryBackoffMax(Duration max) {
      this.retryBackoffMax = positive("retryBackoffMax", max);
      return this;
    }

    /** Passes {@code key=value} to the transport (for {@code kafka://}, a producer property). */
    public Builder producerProperty(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new TributaryConfigException("producerProperty", key, "the name must not be empty");
      }
      if (value == null) {
        throw new TributaryConfigException("producerProperty." + key, null,
            "the value must not be null");
      }
      producerProperties.put(key.trim(), value.trim());
      return this;
    }

    /** Adds every entry of {@code properties}, as {@link #producerProperty} does. */
    public Builder producerProperties(Map<String, String> properties) {
      properties.forEach(this::producerProperty);
      return this;
    }

    public Builder diagnostics(Diagnostics diagnostics) {
      this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
      return this;
    }

    public Builder jmxEnabled(boolean enabled) {
      this.jmxEnabled = enabled;
      return this;
    }

    /** See {@link TributaryConfig#micrometerEnabled()}; default true. */
    public Builder micrometerEnabled(boolean enabled) {
      this.micrometerEnabled = enabled;
      return this;
    }

    /**
     * See {@link TributaryConfig#closeTimeout()}; default
     * {@link TributaryConfig#DEFAULT_CLOSE_TIMEOUT}.
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = nonNegative("closeTimeout", timeout);
      return this;
    }

    /** See {@link TributaryConfig#closeAtExit()}; default true. */
    public Builder closeAtExit(boolean enabled) {
      this.closeAtExit = enabled;
      return this;
    }

    /** See {@link TributaryConfig#consoleWarnings()}; default true. */
    public Builder consoleWarnings(boolean enabled) {
      this.consoleWarnings = enabled;
      return this;
    }

    /**
     * Validates the settings together and with the transport the destination's scheme names.
     *
     * @throws TributaryConfigException naming the first setting at fault
     */
    public TributaryConfig build() {
      Destination dest = Destination.parse(destination);
      if (maxRecordBytes > bufferBytes) {
        throw new TributaryConfigException("maxRecordBytes", maxRecordBytes,
            "must not exceed bufferBytes (" + bufferBytes + ")");
      }
      if (overflowPolicy == OverflowPolicy.SPILL && spoolDir == null) {
        throw new TributaryConfigException("overflowPolicy", overflowPolicy,
            "SPILL needs spoolDir to be set");
      }
      if (spoolDir != null && spoolSegmentBytes > spoolMaxBytes) {
        throw new TributaryConfigException("spoolSegmentBytes", spoolSegmentBytes,
            "must not exceed spoolMaxBytes (" + spoolMaxBytes + ")");
      }
      if (retryBackoff.compareTo(retryBackoffMax) > 0) {
        throw new TributaryConfigException("retryBackoff", retryBackoff,
            "must not exceed retryBackoffMax (" + retryBackoffMax + ")");
      }
      TributaryConfig config = new TributaryConfig(this, dest);
      Transports.provider(dest).validate(dest, config);
      return config;
    }

    private static Duration positive(String setting, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new TributaryConfigException(setting, d, "must be a positive duration");
      }
      return d;
    }

    private static Duration nonNegative(String setting, Duration d) {
      if (d == null || d.isNegative()) {
        throw new TributaryConfigException(setting, d, "must be a duration >= 0");
      }
      return d;
    }
  }
}

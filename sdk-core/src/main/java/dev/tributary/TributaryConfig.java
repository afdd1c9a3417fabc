package dev.tributary;

import dev.tributary.internal.Transports;
import dev.tributary.internal.redact.RedactingDiagnostics;
import dev.tributary.internal.redact.Secrets;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

  /** With standbys, records fail over between them unless mirror mode is chosen. */
  public static final DestinationMode DEFAULT_DESTINATION_MODE = DestinationMode.FAILOVER;
  /**
   * 30 s: how long the active destination may accept no record (while records wait for it)
   * before new batches go to a standby. Longer than a leader election or a broker's rolling
   * restart, which retries ride out on the same cluster; far shorter than
   * {@link #DEFAULT_DELIVERY_TIMEOUT}, so records reach the standby before they expire.
   */
  public static final Duration DEFAULT_FAILOVER_AFTER = Duration.ofSeconds(30);
  /**
   * 1 min: how long a destination that traffic left must accept every probe before traffic
   * returns to it. The hysteresis that keeps a flapping primary from ping-ponging the stream.
   */
  public static final Duration DEFAULT_FAILBACK_AFTER = Duration.ofMinutes(1);

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
  private final List<StandbyDestination> standbys;
  private final DestinationMode destinationMode;
  private final Duration failoverAfter;
  private final Duration failbackAfter;
  private final String destinationHeader;
  private final String destinationName;
  /** Primary first. */
  private final List<TributaryConfig> destinationConfigs;

  private TributaryConfig(Builder b, Destination destination, String destinationName,
      Secrets secrets) {
    this.destination = destination;
    this.destinationName = destinationName;
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
    // Every status line the SDK writes for this config passes here: scrub the secrets of every
    // destination (a standby's error may show up in a line about the producer).
    this.diagnostics = RedactingDiagnostics.wrap(b.diagnostics, secrets);
    this.jmxEnabled = b.jmxEnabled;
    this.micrometerEnabled = b.micrometerEnabled;
    this.spoolDir = b.spoolDir;
    this.spoolMaxBytes = b.spoolMaxBytes;
    this.spoolSegmentBytes = b.spoolSegmentBytes;
    this.spoolSyncInterval = b.spoolSyncInterval;
    this.standbys = List.copyOf(b.standbys);
    this.destinationMode = b.destinationMode;
    this.failoverAfter = b.failoverAfter;
    this.failbackAfter = b.failbackAfter;
    this.destinationHeader = b.destinationHeader;
    this.destinationConfigs = standbys.isEmpty() ? List.of(this)
        : Builder.destinationConfigs(this, secrets);
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
    b.diagnostics = RedactingDiagnostics.unwrap(diagnostics);
    b.jmxEnabled = jmxEnabled;
    b.micrometerEnabled = micrometerEnabled;
    b.spoolDir = spoolDir;
    b.spoolMaxBytes = spoolMaxBytes;
    b.spoolSegmentBytes = spoolSegmentBytes;
    b.spoolSyncInterval = spoolSyncInterval;
    b.standbys.addAll(standbys);
    b.destinationMode = destinationMode;
    b.failoverAfter = failoverAfter;
    b.failbackAfter = failbackAfter;
    b.destinationHeader = destinationHeader;
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
   * The standby destinations, in order of preference, each with its name (given, or
   * {@code standby-<n>} by position); empty for a single destination.
   */
  public List<StandbyDestination> standbys() {
    return standbys;
  }

  /** How standbys are used: failover (the default) or mirror. */
  public DestinationMode destinationMode() {
    return destinationMode;
  }

  /**
   * Failover mode: how long the active destination may accept no record, while records wait
   * for it, before new batches go to the next healthy standby.
   */
  public Duration failoverAfter() {
    return failoverAfter;
  }

  /**
   * Failover mode: how long a destination that traffic left must accept every probe (and fail
   * none) before traffic returns to it.
   */
  public Duration failbackAfter() {
    return failbackAfter;
  }

  /**
   * The name of a record header that carries the name of the destination each record is
   * written to ({@code primary}, {@code standby-1}...), or null for none (the default).
   */
  public String destinationHeader() {
    return destinationHeader;
  }

  /**
   * The name of this config's destination: {@code primary}, or a standby's name in one of the
   * {@link #destinationConfigs()}.
   */
  public String destinationName() {
    return destinationName;
  }

  /**
   * One config per destination, primary first, each with that destination's URI, name and
   * producer properties and no standbys: what its transport is created from. A standby's
   * {@link #clientId()} is this one's with {@code -<name>} appended. In mirror mode each also
   * has its share of {@link #bufferBytes()} and {@link #spoolMaxBytes()}, and a standby spools
   * in the subdirectory {@code <spoolDir>/<name>}. Without standbys, just this config.
   */
  public List<TributaryConfig> destinationConfigs() {
    return destinationConfigs;
  }

  @Override
  public String toString() {
    // Producer properties may hold credentials (sasl.jaas.config): print their names only.
    return "TributaryConfig{destination=" + destination + ", clientId=" + clientId
        + ", bufferBytes=" + bufferBytes + ", overflowPolicy=" + overflowPolicy
        + ", deliveryTimeout=" + deliveryTimeout + ", linger=" + linger
        + ", producerProperties=" + producerProperties.keySet()
        + (spoolDir == null ? "" : ", spoolDir=" + spoolDir)
        + (standbys.isEmpty() ? "" : ", " + destinationMode + " standbys=" + standbys) + '}';
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
    private final List<StandbyDestination> standbys = new ArrayList<>();
    private DestinationMode destinationMode = DEFAULT_DESTINATION_MODE;
    private Duration failoverAfter = DEFAULT_FAILOVER_AFTER;
    private Duration failbackAfter = DEFAULT_FAILBACK_AFTER;
    private String destinationHeader;

    private Builder() {}

    /**
     * Adds a standby destination with its own producer properties (the primary's are never
     * passed to it). Standbys are preferred in the order added. See {@link DestinationMode}.
     */
    public Builder standby(StandbyDestination standby) {
      standbys.add(Objects.requireNonNull(standby, "standby"));
      return this;
    }

    /** Adds a standby destination that needs no producer properties. */
    public Builder standby(String destination) {
      return standby(StandbyDestination.builder(destination).build());
    }

    /** See {@link DestinationMode}; {@link DestinationMode#FAILOVER} by default. */
    public Builder destinationMode(DestinationMode mode) {
      this.destinationMode = Objects.requireNonNull(mode, "destinationMode");
      return this;
    }

    /** See {@link TributaryConfig#failoverAfter()}. */
    public Builder failoverAfter(Duration after) {
      this.failoverAfter = positive("failoverAfter", after);
      return this;
    }

    /** See {@link TributaryConfig#failbackAfter()}. */
    public Builder failbackAfter(Duration after) {
      this.failbackAfter = positive("failbackAfter", after);
      return this;
    }

    /**
     * Adds a header named {@code name} to every record as it is written, whose value (UTF-8)
     * names the destination: {@code primary} or the standby's name. Null turns it off.
     */
    public Builder destinationHeader(String name) {
      if (name != null && (name.isBlank() || name.length() > 249)) {
        throw new TributaryConfigException("destinationHeader", name,
            "a header name of 1 to 249 characters, or null for none");
      }
      this.destinationHeader = name == null ? null : name.trim();
      return this;
    }

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
      List<StandbyDestination> named = namedStandbys();
      boolean mirror = destinationMode == DestinationMode.MIRROR && !named.isEmpty();
      int destinations = 1 + named.size();
      if (!named.isEmpty() && destinationMode == DestinationMode.FAILOVER
          && failoverAfter.compareTo(deliveryTimeout) >= 0) {
        throw new TributaryConfigException("failoverAfter", failoverAfter,
            "must be shorter than deliveryTimeout (" + deliveryTimeout + "), or records expire "
            + "before they can reach a standby");
      }
      if (mirror && bufferBytes / destinations < maxRecordBytes) {
        throw new TributaryConfigException("bufferBytes", bufferBytes, "in mirror mode each of "
            + "the " + destinations + " destinations gets an equal share, which must hold "
            + "maxRecordBytes (" + maxRecordBytes + ")");
      }
      if (mirror && spoolDir != null && spoolMaxBytes / destinations < spoolSegmentBytes) {
        throw new TributaryConfigException("spoolMaxBytes", spoolMaxBytes, "in mirror mode "
            + "each of the " + destinations + " destinations spools in its own share, which "
            + "must hold spoolSegmentBytes (" + spoolSegmentBytes + ")");
      }
      Secrets secrets = Secrets.of(producerProperties);
      for (StandbyDestination s : named) {
        secrets = secrets.and(Secrets.of(s.producerProperties()));
      }
      List<StandbyDestination> given = List.copyOf(standbys);
      standbys.clear();
      standbys.addAll(named);
      TributaryConfig config;
      try {
        config = new TributaryConfig(this, dest, StandbyDestination.PRIMARY, secrets);
      } finally {
        standbys.clear();
        standbys.addAll(given);
      }
      for (TributaryConfig each : config.destinationConfigs) {
        Transports.provider(each.destination()).validate(each.destination(), each);
      }
      return config;
    }

    private static Diagnostics prefixed(Diagnostics d, String prefix) {
      return new Diagnostics() {
        @Override
        public void info(String message) {
          d.info(prefix + message);
        }

        @Override
        public void warn(String message, Throwable cause) {
          d.warn(prefix + message, cause);
        }

        @Override
        public void error(String message, Throwable cause) {
          d.error(prefix + message, cause);
        }
      };
    }

    /** The standbys with their names: given ones checked for clashes, the rest by position. */
    private List<StandbyDestination> namedStandbys() {
      List<StandbyDestination> named = new ArrayList<>();
      Set<String> taken = new HashSet<>();
      taken.add(StandbyDestination.PRIMARY);
      for (StandbyDestination s : standbys) {
        if (s.name() != null && !taken.add(s.name())) {
          throw new TributaryConfigException("standbyDestination.name", s.name(),
              "each destination needs a name of its own");
        }
      }
      for (int i = 0; i < standbys.size(); i++) {
        StandbyDestination s = standbys.get(i);
        if (s.name() == null) {
          String name = "standby-" + (i + 1);
          if (!taken.add(name)) {
            throw new TributaryConfigException("standbyDestination.name", name, "the default "
                + "name of standby " + (i + 1) + " is taken by another standby; name it");
          }
          s = s.named(name);
        }
        named.add(s);
      }
      return named;
    }

    private static List<TributaryConfig> destinationConfigs(TributaryConfig main,
        Secrets secrets) {
      List<StandbyDestination> standbys = main.standbys;
      boolean mirror = main.destinationMode == DestinationMode.MIRROR;
      int n = 1 + standbys.size();
      List<TributaryConfig> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        StandbyDestination s = i == 0 ? null : standbys.get(i - 1);
        Builder b = main.toBuilder();
        b.standbys.clear();
        if (s != null) {
          b.producerProperties.clear();
          b.producerProperties.putAll(s.producerProperties());
          b.clientId = main.clientId + "-" + s.name();
        }
        if (mirror) {
          b.bufferBytes = main.bufferBytes / n;
          b.spoolMaxBytes = main.spoolMaxBytes / n;
          if (s != null && main.spoolDir != null) {
            b.spoolDir = main.spoolDir.resolve(s.name());
          }
          // A drop or a retry in one destination's pipeline must say which one.
          b.diagnostics = prefixed(b.diagnostics, "Mirror destination "
              + (s == null ? StandbyDestination.PRIMARY : s.name()) + ": ");
          if (s != null && main.overflowPolicy == OverflowPolicy.BLOCK) {
            // Waiting for room in a dead standby's share would stall every caller.
            b.overflowPolicy = OverflowPolicy.DROP_NEWEST;
          }
        }
        all.add(new TributaryConfig(b, s == null ? main.destination : s.destination(),
            s == null ? StandbyDestination.PRIMARY : s.name(), secrets));
      }
      return List.copyOf(all);
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

package dev.tributary.internal.appender;

import static dev.tributary.internal.appender.SettingSyntax.isBlank;

import dev.tributary.DestinationMode;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryRecord.Header;
import dev.tributary.spi.Diagnostics;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery and record settings of an appender as the user wrote them, and the one place
 * that turns them into a {@link TributaryConfig}, a {@link RecordShape} and a close timeout,
 * in the {@link SettingSyntax} both appenders share. The Logback appender's setters and the
 * Log4j2 builder only copy their text here. An unset (null or blank) setting takes its
 * default; a bad one fails with a {@link TributaryConfigException} naming the setting as the
 * user wrote it ({@code bufferSize}, not the core's {@code bufferBytes}) and the value.
 *
 * <p>Mutable, for configuration time only; not thread-safe.
 */
public final class SettingsText {
  /**
   * 10 s: how long stopping an appender waits to deliver what is buffered when the framework
   * gives no timeout. Shorter than the core's 30 s because it delays every shutdown.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final String TOPIC = "[A-Za-z0-9._-]{1,249}";

  private final String framework;
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
  private String defaultHeaders;
  private String jmx;
  private String destinationMode;
  private String failoverAfter;
  private String failbackAfter;
  private String destinationHeader;
  private final List<StandbyText> standbys = new ArrayList<>();
  private final List<Pair> headers = new ArrayList<>();
  private final List<Pair> producerProperties = new ArrayList<>();

  /** @param framework {@code logback} or {@code log4j2}: the default client id's prefix */
  public SettingsText(String framework) {
    this.framework = framework;
  }

  // ---- the settings, by the name both appenders give them ----

  public SettingsText destination(String text) {
    this.destination = text;
    return this;
  }

  public SettingsText topic(String text) {
    this.topic = text;
    return this;
  }

  public SettingsText keyStrategy(String text) {
    this.keyStrategy = text;
    return this;
  }

  public SettingsText bufferSize(String text) {
    this.bufferSize = text;
    return this;
  }

  public SettingsText maxRecordSize(String text) {
    this.maxRecordSize = text;
    return this;
  }

  public SettingsText overflowPolicy(String text) {
    this.overflowPolicy = text;
    return this;
  }

  public SettingsText maxBlockTime(String text) {
    this.maxBlockTime = text;
    return this;
  }

  public SettingsText deliveryTimeout(String text) {
    this.deliveryTimeout = text;
    return this;
  }

  public SettingsText linger(String text) {
    this.linger = text;
    return this;
  }

  public SettingsText closeTimeout(String text) {
    this.closeTimeout = text;
    return this;
  }

  public SettingsText clientId(String text) {
    this.clientId = text;
    return this;
  }

  public SettingsText spoolDir(String text) {
    this.spoolDir = text;
    return this;
  }

  public SettingsText spoolMaxSize(String text) {
    this.spoolMaxSize = text;
    return this;
  }

  public SettingsText spoolSegmentSize(String text) {
    this.spoolSegmentSize = text;
    return this;
  }

  public SettingsText spoolSync(String text) {
    this.spoolSync = text;
    return this;
  }

  public SettingsText defaultHeaders(String text) {
    this.defaultHeaders = text;
    return this;
  }

  public SettingsText jmx(String text) {
    this.jmx = text;
    return this;
  }

  /** A standby destination; repeatable, in order of preference. */
  public SettingsText standby(StandbyText standby) {
    standbys.add(standby);
    return this;
  }

  public SettingsText destinationMode(String text) {
    this.destinationMode = text;
    return this;
  }

  public SettingsText failoverAfter(String text) {
    this.failoverAfter = text;
    return this;
  }

  public SettingsText failbackAfter(String text) {
    this.failbackAfter = text;
    return this;
  }

  public SettingsText destinationHeader(String text) {
    this.destinationHeader = text;
    return this;
  }

  /** A static header as {@code name=value} text, reported as {@code setting} if malformed. */
  public SettingsText headerText(String setting, String nameValue) {
    headers.add(new Pair(setting, nameValue, null, null));
    return this;
  }

  /** A static header given as name and value. */
  public SettingsText header(String name, String value) {
    headers.add(new Pair("Header", name + '=' + value, name, value));
    return this;
  }

  /** A producer property as {@code name=value} text, reported as {@code setting}. */
  public SettingsText producerPropertyText(String setting, String nameValue) {
    producerProperties.add(new Pair(setting, nameValue, null, null));
    return this;
  }

  /** A producer property given as name and value. */
  public SettingsText producerProperty(String name, String value) {
    producerProperties.add(new Pair("Property", name, name, value));
    return this;
  }

  // ---- what they turn into ----

  /**
   * The producer config.
   *
   * @param appenderName names the default client id ({@code <framework>-<name>})
   * @throws TributaryConfigException naming the first bad setting
   */
  public TributaryConfig toConfig(String appenderName, Diagnostics diagnostics) {
    String dest = SettingSyntax.required("destination", destination, "kafka://127.0.0.1:9092");
    TributaryConfig.Builder b = TributaryConfig.builder(dest)
        .clientId(isBlank(clientId) ? defaultClientId(appenderName) : clientId.trim())
        .diagnostics(diagnostics)
        .jmxEnabled(isBlank(jmx) || SettingSyntax.bool("jmx", jmx));
    // The core names some settings differently; errors name the ones the user wrote.
    Map<String, Pair> asWritten = new HashMap<>();
    if (!isBlank(bufferSize)) {
      long bytes = SettingSyntax.size("bufferSize", bufferSize);
      core(asWritten, "bufferBytes", "bufferSize", bufferSize, () -> b.bufferBytes(bytes));
    }
    if (!isBlank(maxRecordSize)) {
      int bytes = SettingSyntax.intSize("maxRecordSize", maxRecordSize);
      core(asWritten, "maxRecordBytes", "maxRecordSize", maxRecordSize,
          () -> b.maxRecordBytes(bytes));
    }
    if (!isBlank(overflowPolicy)) {
      b.overflowPolicy(SettingSyntax.enumValue("overflowPolicy", overflowPolicy,
          OverflowPolicy.class));
    }
    if (!isBlank(maxBlockTime)) {
      b.maxBlockTime(SettingSyntax.duration("maxBlockTime", maxBlockTime));
    }
    if (!isBlank(deliveryTimeout)) {
      Duration d = SettingSyntax.duration("deliveryTimeout", deliveryTimeout);
      core(asWritten, "deliveryTimeout", "deliveryTimeout", deliveryTimeout,
          () -> b.deliveryTimeout(d));
    }
    if (!isBlank(linger)) {
      Duration d = SettingSyntax.duration("linger", linger);
      core(asWritten, "linger", "linger", linger, () -> b.linger(d));
    }
    spool(b, asWritten);
    for (Pair p : producerProperties) {
      Pair kv = p.parsed();
      b.producerProperty(kv.name(), kv.value());
    }
    destinations(b, asWritten);
    try {
      return b.build();
    } catch (TributaryConfigException e) {
      Pair written = asWritten.get(e.setting());
      throw written == null ? e : renamed(written, e);
    }
  }

  private void spool(TributaryConfig.Builder b, Map<String, Pair> asWritten) {
    if (!isBlank(spoolDir)) {
      try {
        b.spoolDir(Path.of(spoolDir.trim()));
      } catch (InvalidPathException e) {
        throw new TributaryConfigException("spoolDir", spoolDir, "a directory path: " + e);
      }
    }
    if (!isBlank(spoolMaxSize)) {
      long bytes = SettingSyntax.size("spoolMaxSize", spoolMaxSize);
      core(asWritten, "spoolMaxBytes", "spoolMaxSize", spoolMaxSize, () -> b.spoolMaxBytes(bytes));
    }
    if (!isBlank(spoolSegmentSize)) {
      int bytes = SettingSyntax.intSize("spoolSegmentSize", spoolSegmentSize);
      core(asWritten, "spoolSegmentBytes", "spoolSegmentSize", spoolSegmentSize,
          () -> b.spoolSegmentBytes(bytes));
    }
    if (!isBlank(spoolSync)) {
      String sync = spoolSync.trim();
      b.spoolSyncInterval(sync.equalsIgnoreCase("always") ? Duration.ZERO
          : sync.equalsIgnoreCase("never") ? TributaryConfig.SPOOL_SYNC_NEVER
          : SettingSyntax.duration("spoolSync", sync));
    }
  }

  /** The standbys and how they are used; the core names these settings as the appenders do. */
  private void destinations(TributaryConfig.Builder b, Map<String, Pair> asWritten) {
    for (StandbyText s : standbys) {
      b.standby(s.toStandby());
    }
    if (!isBlank(destinationMode)) {
      b.destinationMode(SettingSyntax.enumValue("destinationMode", destinationMode,
          DestinationMode.class));
    }
    if (!isBlank(failoverAfter)) {
      Duration d = SettingSyntax.duration("failoverAfter", failoverAfter);
      core(asWritten, "failoverAfter", "failoverAfter", failoverAfter, () -> b.failoverAfter(d));
    }
    if (!isBlank(failbackAfter)) {
      b.failbackAfter(SettingSyntax.duration("failbackAfter", failbackAfter));
    }
    if (!isBlank(destinationHeader)) {
      b.destinationHeader(destinationHeader.trim());
    }
  }

  /**
   * The record shape: topic, key, headers.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  public RecordShape toShape() {
    String name = SettingSyntax.required("topic", topic, "app-logs");
    if (!name.matches(TOPIC)) {
      throw new TributaryConfigException("topic", topic, "a Kafka topic name: 1 to 249 "
          + "characters from A-Z a-z 0-9 . _ -");
    }
    KeyStrategy.Selection key = KeyStrategy.parse("keyStrategy", keyStrategy);
    List<Header> staticHeaders = new ArrayList<>();
    for (Pair h : headers) {
      Pair kv = h.parsed();
      staticHeaders.add(Header.of(kv.name(), kv.value()));
    }
    boolean defaults = isBlank(defaultHeaders)
        || SettingSyntax.bool("defaultHeaders", defaultHeaders);
    return new RecordShape(name, key, defaults, staticHeaders);
  }

  /** How long stopping waits for delivery when the framework gives no timeout. */
  public Duration closeTimeout() {
    return isBlank(closeTimeout) ? DEFAULT_CLOSE_TIMEOUT
        : SettingSyntax.duration("closeTimeout", closeTimeout);
  }

  /** {@code <framework>-<appender name>}, with characters a client id cannot hold replaced. */
  public String defaultClientId(String appenderName) {
    String n = appenderName == null ? "" : appenderName.replaceAll("[^A-Za-z0-9._-]", "_");
    String id = n.isEmpty() ? framework : framework + '-' + n;
    return id.length() > 100 ? id.substring(0, 100) : id;
  }

  /** Calls the core builder, remembering how the user wrote what it calls {@code coreName}. */
  private static void core(Map<String, Pair> asWritten, String coreName, String setting,
      String text, Runnable call) {
    Pair written = new Pair(setting, text, null, null);
    asWritten.put(coreName, written);
    try {
      call.run();
    } catch (TributaryConfigException e) {
      throw renamed(written, e);
    }
  }

  /** {@code e} restated for the setting and the text the user wrote. */
  private static TributaryConfigException renamed(Pair written, TributaryConfigException e) {
    String message = e.getMessage();
    int at = message.indexOf("': ");
    return new TributaryConfigException(written.setting(), written.text(),
        at < 0 ? message : message.substring(at + 3), e);
  }

  /** A {@code name=value} setting, as text and, once parsed or when given so, as parts. */
  private record Pair(String setting, String text, String name, String value) {
    Pair parsed() {
      if (name != null) {
        return this;
      }
      Map.Entry<String, String> kv = SettingSyntax.pair(setting, text);
      return new Pair(setting, text, kv.getKey(), kv.getValue());
    }
  }
}

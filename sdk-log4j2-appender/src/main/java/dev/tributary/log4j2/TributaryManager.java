package dev.tributary.log4j2;

import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.AppenderDiagnostics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * Owns one {@link TributaryProducer} across configuration reloads. Log4j2 hands the same
 * manager to the old and the new appender while both exist (managers are shared by name and
 * reference-counted), so a reload with unchanged producer settings keeps the producer, its
 * buffered records and its connections; the producer is closed only when the last appender
 * using it stops. The name carries a digest of every producer setting: changed settings get a
 * new producer, and the old one is flushed and closed when the old configuration stops.
 */
final class TributaryManager extends AbstractManager {
  /** Producers opened in this JVM by any manager; lets tests prove a reload opens none. */
  static final AtomicInteger PRODUCERS_OPENED = new AtomicInteger();
  private static final Factory FACTORY = new Factory();

  private final String appenderName;
  private final TributaryProducer producer;
  private final Duration closeTimeout;

  private TributaryManager(String name, String appenderName, TributaryProducer producer,
      Duration closeTimeout) {
    super(null, name);
    this.appenderName = appenderName;
    this.producer = producer;
    this.closeTimeout = closeTimeout;
  }

  /** The manager for {@code config}, shared with any appender that has the same settings. */
  static TributaryManager forConfig(String appenderName, TributaryConfig config,
      Duration closeTimeout) {
    String name = "Tributary:" + appenderName + '#' + fingerprint(config, closeTimeout);
    return getManager(name, FACTORY, new Data(appenderName, config, closeTimeout));
  }

  /** Builds the record only once the buffer has room for it (see TributaryProducer). */
  <T> boolean offer(T source, Function<? super T, TributaryRecord> build) {
    return producer.offer(source, build);
  }

  DeliveryReport flush(Duration timeout) {
    return producer.flush(timeout);
  }

  ProducerMetrics metrics() {
    return producer.metrics();
  }

  /**
   * Closes the producer: within {@code timeout} when Log4j2 gives one (e.g.
   * {@code LoggerContext.stop(5, SECONDS)}), within {@code closeTimeout} when it gives 0, its
   * "no timeout" (plain {@code stop()}, the shutdown hook).
   */
  @Override
  protected boolean releaseSub(long timeout, TimeUnit unit) {
    Duration budget = timeout > 0 ? Duration.ofNanos(unit.toNanos(timeout)) : closeTimeout;
    DeliveryReport report = producer.close(budget);
    // Named as the user named the appender; the manager's own name is an implementation detail.
    String named = AppenderDiagnostics.prefix(appenderName);
    if (report.complete()) {
      LOGGER.debug("{}producer closed: {}", named, report);
    } else {
      LOGGER.warn("{}producer closed after {} with records undelivered: {}", named, budget,
          report);
    }
    return report.complete();
  }

  /**
   * A digest of everything that shapes the producer, so the manager's name changes exactly when
   * a new producer is needed. Hashed because producer properties may hold credentials.
   */
  static String fingerprint(TributaryConfig c, Duration closeTimeout) {
    StringBuilder sb = new StringBuilder()
        .append(c.destination().uri()).append('|').append(c.clientId())
        .append('|').append(c.bufferBytes()).append('|').append(c.maxRecordBytes())
        .append('|').append(c.overflowPolicy()).append('|').append(c.maxBlockTime())
        .append('|').append(c.deliveryTimeout()).append('|').append(c.linger())
        .append('|').append(c.batchMaxRecords()).append('|').append(c.batchMaxBytes())
        .append('|').append(c.maxInFlightBatches()).append('|').append(c.retryBackoff())
        .append('|').append(c.retryBackoffMax()).append('|').append(c.jmxEnabled())
        .append('|').append(new TreeMap<>(c.producerProperties()))
        .append('|').append(c.spoolDir()).append('|').append(c.spoolMaxBytes())
        .append('|').append(c.spoolSegmentBytes()).append('|').append(c.spoolSyncInterval())
        .append('|').append(closeTimeout);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  private record Data(String appenderName, TributaryConfig config, Duration closeTimeout) {
    @Override
    public String toString() {
      return config.toString(); // never prints producer property values
    }
  }

  private static final class Factory implements ManagerFactory<TributaryManager, Data> {
    @Override
    public TributaryManager createManager(String name, Data data) {
      TributaryProducer producer = TributaryProducer.create(data.config());
      PRODUCERS_OPENED.incrementAndGet();
      return new TributaryManager(name, data.appenderName(), producer, data.closeTimeout());
    }
  }
}

package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.LoopGuard;
import dev.tributary.internal.logback.InternalEvents;
import dev.tributary.internal.logback.LogbackDiagnostics;
import dev.tributary.internal.logback.RecordMaker;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Function;

/**
 * Ships Logback events to Kafka (directly, or through a Kafka proxy) without ever blocking the
 * logging thread. Each event is encoded on the caller's thread — by {@link JsonEncoder} unless
 * another {@code encoder} is set — and handed as bytes to a {@link TributaryProducer}, whose one
 * sender thread batches, retries and delivers.
 *
 * <pre>{@code
 * <appender name="KAFKA" class="dev.tributary.logback.TributaryAppender">
 *   <destination>kafka://127.0.0.1:9092</destination>
 *   <topic>app-logs</topic>
 * </appender>
 * <root level="INFO"><appender-ref ref="KAFKA"/></root>
 * }</pre>
 *
 * <p>Events from the SDK's and its clients' own loggers ({@code dev.tributary},
 * {@code org.apache.kafka}, {@code kafka}, {@code okhttp3}, {@code io.grpc}, {@code io.netty})
 * and threads, and events logged re-entrantly while this appender is encoding, are never
 * shipped: they go to the appenders named with a nested {@code <appender-ref>}, or are dropped
 * and counted. The SDK's own diagnostics go to Logback's status manager. A bad setting is
 * reported there too, naming the setting, and leaves the appender stopped. Settings are
 * documented on {@link AppenderSettings}; this class only maps them and runs the lifecycle.
 *
 * <p>Thread-safe, like every Logback appender.
 */
public class TributaryAppender extends AppenderSettings
    implements AppenderAttachable<ILoggingEvent> {
  private final LoopGuard guard = new LoopGuard();
  private final AppenderAttachableImpl<ILoggingEvent> fallback = new AppenderAttachableImpl<>();
  private final InternalEvents internal = new InternalEvents(this, fallback);
  private volatile TributaryProducer producer;
  /**
   * Encodes an event into its record. The producer runs it only once its buffer has room for
   * the record, so an event a full buffer drops costs the logging thread no encoding.
   */
  private volatile Function<ILoggingEvent, TributaryRecord> encode;
  private volatile DeliveryReport closeReport;

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    try {
      TributaryConfig config = toConfig(new LogbackDiagnostics(this));
      encode = toRecordMaker()::make;
      producer = TributaryProducer.create(config);
      addInfo("Shipping to topic '" + topic() + "' via " + config);
    } catch (TributaryConfigException e) {
      addError("Not started: " + e.getMessage());
      return;
    } catch (RuntimeException | LinkageError e) {
      addError("Not started: could not create the producer: " + e, e);
      return;
    }
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // Cheapest checks first: a logger-name prefix, then the thread name, then the thread-local.
    if (LoopGuard.isInternalLogger(event.getLoggerName())) {
      internal.handle(event, InternalEvents.INTERNAL_LOGGER);
      return;
    }
    if (LoopGuard.isInternalThread(event.getThreadName())) {
      internal.handle(event, InternalEvents.INTERNAL_THREAD);
      return;
    }
    if (!guard.enter()) {
      internal.handle(event, InternalEvents.REENTRANT);
      return;
    }
    try {
      // A refused record is counted and reported by the producer itself; an encoder's failure
      // comes out of offer.
      producer.offer(event, encode);
    } catch (RuntimeException e) {
      internal.encodingFailed(e);
    } finally {
      guard.exit();
    }
  }

  /**
   * Delivers what it can within {@code closeTimeout}, then reports what was sent and what was
   * not to the status manager. Returns by the deadline even when Kafka is unreachable.
   */
  @Override
  public void stop() {
    TributaryProducer p = producer;
    if (!isStarted() || p == null) {
      return;
    }
    // Still "started" while closing, so events Kafka logs meanwhile meet the loop guard
    // instead of Logback's "non started appender" warnings.
    DeliveryReport report = p.close(closeTimeoutOrDefault());
    closeReport = report;
    super.stop();
    fallback.detachAndStopAllAppenders();
    String summary = "Stopped: " + report + "; events of the shipping path itself not shipped: "
        + "dropped=" + internal.dropped() + ", forwarded to fallback appenders="
        + internal.forwarded() + "; encoding failures=" + internal.encodingFailures();
    if (report.complete() && report.failed() == 0 && report.dropped() == 0) {
      addInfo(summary);
    } else {
      addWarn(summary + ". Undelivered records are lost; see closeTimeout, bufferSize and "
          + "deliveryTimeout.");
    }
  }

  /** Live producer counters; null before the first successful {@link #start()}. */
  public ProducerMetrics metrics() {
    TributaryProducer p = producer;
    return p == null ? null : p.metrics();
  }

  /** What the last {@link #stop()} achieved; null while running. */
  public DeliveryReport closeReport() {
    return closeReport;
  }

  /** Events from the shipping path itself that were dropped (no fallback appender attached). */
  public long internalEventsDropped() {
    return internal.dropped();
  }

  /** Events from the shipping path itself that were handed to the fallback appenders. */
  public long internalEventsForwarded() {
    return internal.forwarded();
  }

  /** Events dropped because the encoder failed on them. */
  public long encodingFailures() {
    return internal.encodingFailures();
  }

  // ---- AppenderAttachable: where events of the shipping path itself go ----

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    if (appender == this) {
      addError("An appender cannot be its own fallback; ignored");
      return;
    }
    fallback.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return fallback.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return fallback.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return fallback.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    fallback.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return fallback.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return fallback.detachAppender(name);
  }

  /** The close timeout, falling back to the default if the setting cannot be read. */
  private Duration closeTimeoutOrDefault() {
    try {
      return closeTimeout();
    } catch (TributaryConfigException e) {
      return DEFAULT_CLOSE_TIMEOUT;
    }
  }

}

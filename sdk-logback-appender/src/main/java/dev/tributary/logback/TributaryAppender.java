package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.status.OnPrintStreamStatusListenerBase;
import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryProducer;
import dev.tributary.internal.ExitHook;
import dev.tributary.internal.appender.AppenderDiagnostics;
import dev.tributary.internal.appender.EventShipper;
import dev.tributary.internal.appender.InternalEventCounts;
import dev.tributary.internal.appender.InternalEvents;
import dev.tributary.internal.appender.RecordShape;
import dev.tributary.internal.logback.LogbackEventView;
import java.time.Duration;
import java.util.Iterator;

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
 * reported there too, naming the setting, and leaves the appender stopped; every message names
 * the appender. Settings are documented on {@link AppenderSettings}; this class only maps
 * Logback's event and lifecycle onto the shared front end.
 *
 * <p>Thread-safe, like every Logback appender.
 */
public class TributaryAppender extends AppenderSettings
    implements AppenderAttachable<ILoggingEvent>, InternalEventCounts {
  /** Spring Boot marks a Logback context it manages (and stops at exit) with this key. */
  private static final String SPRING_BOOT_LOGGING_SYSTEM =
      "org.springframework.boot.logging.LoggingSystem";
  private final AppenderAttachableImpl<ILoggingEvent> fallback = new AppenderAttachableImpl<>();
  private final AppenderDiagnostics status =
      new AppenderDiagnostics(this::getName, this::writeStatus, this::statusShown);
  // Logback's appenders catch and report their own failures, so none reaches the policy.
  private final InternalEvents<ILoggingEvent> internal = new InternalEvents<>(
      LogbackEventView.INSTANCE, status, (event, failed) -> fallback.appendLoopOnAppenders(event),
      "<appender-ref> inside this appender");
  private volatile TributaryProducer producer;
  private volatile EventShipper<ILoggingEvent> shipper;
  private volatile Duration stopTimeout = DEFAULT_CLOSE_TIMEOUT;
  private volatile DeliveryReport closeReport;
  /** Null unless closeAtExit is on and the appender runs. */
  private volatile ExitHook exitHook;

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    try {
      TributaryConfig config = toConfig(status);
      RecordShape shape = toShape();
      Duration close = closeTimeout();
      Encoder<ILoggingEvent> encoder = startEncoder(status);
      TributaryProducer p = TributaryProducer.create(config);
      producer = p;
      stopTimeout = close;
      shipper = new EventShipper<>(LogbackEventView.INSTANCE, internal, shape, encoder::encode,
          encoder.getClass().getName(), p::offer, false);
      if (closeAtExit()) {
        exitHook = ExitHook.register(config.clientId(), this::closeAtJvmExit,
            config.diagnostics());
      }
      status.info("Shipping to topic '" + shape.topic() + "' via " + config);
    } catch (TributaryConfigException e) {
      status.error("Not started: " + e.getMessage(), null);
      return;
    } catch (RuntimeException | LinkageError e) {
      status.error("Not started: could not create the producer: " + e, e);
      return;
    }
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    shipper.ship(event);
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
    DeliveryReport report = p.close(stopTimeout);
    closeReport = report;
    ExitHook hook = exitHook;
    if (hook != null) {
      hook.remove();
    }
    super.stop();
    fallback.detachAndStopAllAppenders();
    summarize("Stopped", report);
  }

  /**
   * At JVM exit: closes the producer unless Logback is being stopped by something that stops
   * this appender anyway — Logback's {@code <shutdownHook/>}, or Spring Boot's logging system —
   * so the two never race to close it. The appender stays started: events logged later by
   * other shutdown hooks are dropped and counted (as offered after close), not lost unseen.
   */
  private void closeAtJvmExit() {
    TributaryProducer p = producer;
    if (p == null || !isStarted() || contextStopsAtExit()) {
      return;
    }
    DeliveryReport report = p.close(stopTimeout);
    closeReport = report;
    summarize("Closed at JVM exit", report);
  }

  /** Whether a shutdown hook of Logback's or Spring Boot's stops the context at exit. */
  private boolean contextStopsAtExit() {
    return getContext() != null
        && (getContext().getObject(CoreConstants.SHUTDOWN_HOOK_THREAD) != null
            || getContext().getObject(SPRING_BOOT_LOGGING_SYSTEM) != null);
  }

  private void summarize(String what, DeliveryReport report) {
    String summary = what + ": " + report + "; " + internal.summary();
    if (report.complete() && report.failed() == 0 && report.dropped() == 0) {
      status.info(summary);
    } else {
      status.warn(summary + ". Undelivered records are lost; see closeTimeout, bufferSize and "
          + "deliveryTimeout.", null);
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

  /** Where the counts of {@link #internalEventsDropped()} and the like come from. */
  @Override
  public InternalEvents<?> internalEvents() {
    return internal;
  }

  // ---- AppenderAttachable: where events of the shipping path itself go ----

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    if (appender == this) {
      status.error("An appender cannot be its own fallback; ignored", null);
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

  /**
   * Whether Logback prints a status message written now: during configuration it prints them
   * when any is a warning or an error (and Spring Boot fails on errors); once the appender runs,
   * only a console status listener ({@code debug="true"}) does.
   */
  private boolean statusShown(boolean error) {
    if (!isStarted()) {
      return true;
    }
    Context ctx = getContext();
    return ctx != null && ctx.getStatusManager().getCopyOfStatusListenerList().stream()
        .anyMatch(l -> l instanceof OnPrintStreamStatusListenerBase);
  }

  /** Writes one message of this appender to Logback's status manager. */
  private void writeStatus(AppenderDiagnostics.Severity severity, String message,
      Throwable cause) {
    switch (severity) {
      case INFO -> addInfo(message, cause);
      case WARN -> addWarn(message, cause);
      default -> addError(message, cause);
    }
  }
}

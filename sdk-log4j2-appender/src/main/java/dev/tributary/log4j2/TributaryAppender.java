package dev.tributary.log4j2;

import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.LoopGuard;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;

/**
 * Log4j2 appender that ships every event to Kafka, directly or through a Kafka proxy, through
 * a {@link dev.tributary.TributaryProducer}, without ever blocking the logging thread by default.
 *
 * <pre>{@code
 * <Configuration status="warn">
 *   <Appenders>
 *     <Tributary name="KAFKA" destination="kafka://127.0.0.1:9092" topic="app-logs"/>
 *   </Appenders>
 *   <Loggers><Root level="info"><AppenderRef ref="KAFKA"/></Root></Loggers>
 * </Configuration>
 * }</pre>
 *
 * <p>Each event is encoded on the logging thread (by {@link TributaryJsonLayout} unless another
 * layout is nested) and offered to the producer's byte-bounded buffer; a sender thread delivers
 * it. Events from the SDK's and its clients' loggers and threads, and events logged from inside
 * the appender, never reach Kafka, so the appender never feeds itself: they go to the appenders
 * named by nested {@code <AppenderRef>}s, or are dropped and counted. The producer lives
 * in a manager that survives configuration reloads. Diagnostics go to Log4j2's StatusLogger.
 * Every setting is in {@link TributaryAppenderBuilder}.
 *
 * <p>Thread-safe.
 */
@Plugin(name = "Tributary", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE,
    printObject = true)
public final class TributaryAppender extends AbstractAppender {
  private final TributaryManager manager;
  /**
   * Encodes an event into its record. The producer runs it only once its buffer has room for
   * the record, so an event a full buffer drops costs the logging thread no encoding.
   */
  private final Function<LogEvent, TributaryRecord> encode;
  private final Configuration configuration;
  private final List<AppenderRef> fallbackRefs;
  private final InternalEvents internal;
  private final LoopGuard guard = new LoopGuard();

  TributaryAppender(String name, Filter filter, Layout<? extends Serializable> layout,
      boolean ignoreExceptions, Property[] properties, TributaryManager manager,
      RecordFactory records, Configuration configuration, List<AppenderRef> fallbackRefs) {
    super(name, filter, layout, ignoreExceptions, properties);
    this.manager = manager;
    this.encode = e -> records.create(e, getLayout().toByteArray(e));
    this.configuration = configuration;
    this.fallbackRefs = List.copyOf(fallbackRefs);
    this.internal = new InternalEvents(name);
  }

  /** Starts a builder; Log4j2 calls this for {@code <Tributary>}. */
  @PluginBuilderFactory
  public static TributaryAppenderBuilder newBuilder() {
    return new TributaryAppenderBuilder();
  }

  /** Resolves the fallback {@code <AppenderRef>}s; an unknown name is reported and skipped. */
  @Override
  public void start() {
    List<AppenderControl> controls = new ArrayList<>();
    for (AppenderRef ref : fallbackRefs) {
      Appender target = configuration == null ? null : configuration.getAppender(ref.getRef());
      if (target == null || target == this) {
        LOGGER.error("Tributary appender '{}': no appender '{}' to take internal events; they "
            + "are dropped and counted instead", getName(), ref.getRef());
      } else {
        controls.add(new AppenderControl(target, ref.getLevel(), ref.getFilter()));
      }
    }
    internal.fallback(controls.toArray(AppenderControl[]::new));
    super.start();
  }

  @Override
  public void append(LogEvent event) {
    // Cheapest checks first: a logger-name prefix, then the thread name, then the thread-local.
    if (LoopGuard.isInternalLogger(event.getLoggerName())) {
      internal.handle(event, "internal logger");
      return;
    }
    if (LoopGuard.isInternalThread(event.getThreadName())) {
      internal.handle(event, "internal thread");
      return;
    }
    if (!guard.enter()) {
      internal.handle(event, "logged from inside the appender");
      return;
    }
    boolean offered;
    try {
      try {
        // An encoding failure comes out of offer; a refusal is counted by the producer.
        offered = manager.offer(event, encode);
      } catch (RuntimeException | LinkageError e) {
        internal.encodeFailed(e);
        if (!ignoreExceptions()) {
          throw new AppenderLoggingException("Appender " + getName() + " could not encode an "
              + "event of " + event.getLoggerName(), e);
        }
        return;
      }
    } finally {
      guard.exit();
    }
    // The producer has counted and reported the drop; an exception only lets a
    // FailoverAppender route the event elsewhere when the user asked for that.
    if (!offered && !ignoreExceptions()) {
      throw new AppenderLoggingException("Appender " + getName() + " dropped an event: the "
          + "producer's buffer is full, the record too large or the producer closed");
    }
  }

  /**
   * Sends buffered events without waiting for linger and waits until the events appended before
   * this call are delivered or {@code timeout} passed; always returns by then.
   */
  public DeliveryReport flush(Duration timeout) {
    return manager.flush(timeout);
  }

  /** Live counters of the producer behind this appender (appended, sent, dropped by reason…). */
  public ProducerMetrics producerMetrics() {
    return manager.metrics();
  }

  /**
   * Events of the shipping path itself (internal loggers or threads, re-entrant calls) dropped
   * because no fallback {@code <AppenderRef>} was named. The producer's drops are in
   * {@link #producerMetrics()}.
   */
  public long internalEventsDropped() {
    return internal.dropped();
  }

  /** Events of the shipping path itself handed to the fallback appenders. */
  public long internalEventsForwarded() {
    return internal.forwarded();
  }

  /** Events the layout failed to encode (dropped and reported). */
  public long encodingFailures() {
    return internal.encodingFailures();
  }

  TributaryManager manager() {
    return manager;
  }

  /**
   * Stops taking events and releases the manager; the producer closes (flushing within the
   * timeout, or {@code closeTimeout} when Log4j2 passes 0) once no other configuration uses it.
   */
  @Override
  public boolean stop(long timeout, TimeUnit timeUnit) {
    setStopping();
    boolean stopped = super.stop(timeout, timeUnit, false);
    stopped &= manager.stop(timeout, timeUnit);
    setStopped();
    return stopped;
  }
}

package dev.tributary.log4j2;

import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.internal.appender.AppenderDiagnostics;
import dev.tributary.internal.appender.EventShipper;
import dev.tributary.internal.appender.InternalEventCounts;
import dev.tributary.internal.appender.InternalEvents;
import dev.tributary.internal.appender.RecordShape;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * named by nested {@code <AppenderRef>}s, or are dropped and counted; their warnings and errors
 * are copied to the StatusLogger either way. The producer lives in a manager that survives
 * configuration reloads. Diagnostics go to Log4j2's StatusLogger, each naming the appender.
 * Every setting is in {@link TributaryAppenderBuilder}; this class only maps Log4j2's event and
 * lifecycle onto the shared front end.
 *
 * <p>Thread-safe.
 */
@Plugin(name = "Tributary", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE,
    printObject = true)
public final class TributaryAppender extends AbstractAppender implements InternalEventCounts {
  private final TributaryManager manager;
  private final Configuration configuration;
  private final List<AppenderRef> fallbackRefs;
  private final Fallbacks fallbacks = new Fallbacks();
  private final AppenderDiagnostics status;
  private final InternalEvents<LogEvent> internal;
  private final EventShipper<LogEvent> shipper;

  TributaryAppender(String name, Filter filter, Layout<? extends Serializable> layout,
      boolean ignoreExceptions, Property[] properties, TributaryManager manager,
      RecordShape shape, Configuration configuration, List<AppenderRef> fallbackRefs,
      AppenderDiagnostics status) {
    super(name, filter, layout, ignoreExceptions, properties);
    this.manager = manager;
    this.configuration = configuration;
    this.fallbackRefs = List.copyOf(fallbackRefs);
    this.status = status;
    this.internal = new InternalEvents<>(Log4j2EventView.INSTANCE, status, fallbacks,
        "<AppenderRef> inside <Tributary>");
    this.shipper = new EventShipper<>(Log4j2EventView.INSTANCE, internal, shape,
        layout::toByteArray, layout.getClass().getName(), manager::offer, !ignoreExceptions);
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
        status.error("no appender '" + ref.getRef() + "' to take internal events; they are "
            + "dropped and counted instead", null);
      } else {
        controls.add(new AppenderControl(target, ref.getLevel(), ref.getFilter()));
      }
    }
    fallbacks.controls = controls.toArray(AppenderControl[]::new);
    super.start();
  }

  @Override
  public void append(LogEvent event) {
    EventShipper.Outcome outcome;
    try {
      outcome = shipper.ship(event);
    } catch (RuntimeException | LinkageError e) {
      // The layout's failure, counted and reported, reaches here with ignoreExceptions=false.
      throw new AppenderLoggingException("Appender " + getName() + " could not encode an event "
          + "of " + event.getLoggerName(), e);
    }
    // The producer has counted and reported the drop; an exception only lets a
    // FailoverAppender route the event elsewhere when the user asked for that.
    if (outcome == EventShipper.Outcome.REFUSED && !ignoreExceptions()) {
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

  /** Where the counts of {@link #internalEventsDropped()} and the like come from. */
  @Override
  public InternalEvents<?> internalEvents() {
    return internal;
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

  /** The fallback appenders, resolved at start; a failure of one is reported, not hidden. */
  private static final class Fallbacks implements InternalEvents.Fallback<LogEvent> {
    volatile AppenderControl[] controls = new AppenderControl[0];

    @Override
    public int forward(LogEvent event, InternalEvents.FailureSink failed) {
      int taken = 0;
      for (AppenderControl target : controls) {
        try {
          target.callAppender(event);
          taken++;
        } catch (RuntimeException e) { // an appender with ignoreExceptions="false"
          failed.failed(target.getAppenderName(), e);
        }
      }
      return taken;
    }
  }
}

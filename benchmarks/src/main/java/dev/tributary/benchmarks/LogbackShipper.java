package dev.tributary.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import com.github.danielwegener.logback.kafka.KafkaAppender;
import com.github.danielwegener.logback.kafka.delivery.AsynchronousDeliveryStrategy;
import com.github.danielwegener.logback.kafka.delivery.BlockingDeliveryStrategy;
import com.github.danielwegener.logback.kafka.delivery.DeliveryStrategy;
import com.github.danielwegener.logback.kafka.keying.NoKeyKeyingStrategy;
import dev.tributary.ProducerMetrics;
import dev.tributary.logback.JsonEncoder;
import dev.tributary.logback.TributaryAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Logback contestant: one appender on one logger of a LoggerContext of its own. Names:
 * {@code tributary-logback} (Tributary's appender), {@code lka-blocking} and {@code lka-async}
 * (logback-kafka-appender 0.2.0-RC2), {@code floor-async-noop} (Logback's AsyncAppender over an
 * appender that does nothing). Every appender encodes with Tributary's {@link JsonEncoder}.
 */
final class LogbackShipper extends LogShipper {
  private final String name;
  private final Appender<ILoggingEvent> appender;
  private final Logger logger;

  private LogbackShipper(String name, Appender<ILoggingEvent> appender) {
    this.name = name;
    this.appender = appender;
    appender.start();
    if (!appender.isStarted()) {
      throw new IllegalStateException(name + " did not start: "
          + appender.getContext().getStatusManager().getCopyOfStatusList());
    }
    LoggerContext ctx = (LoggerContext) appender.getContext();
    logger = ctx.getLogger(LOGGER);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
  }

  static LogbackShipper create(String name, String bootstrap, String topic,
      boolean defaultBuffer) {
    switch (name) {
      case "tributary-logback":
        return new LogbackShipper(name, tributary(bootstrap, topic, defaultBuffer));
      case "lka-blocking":
        // Waits for each event's acknowledgement; linger.ms=0 so that wait is a round trip,
        // not Kafka's 5 ms linger on top.
        return new LogbackShipper(name, peer(bootstrap, topic, new BlockingDeliveryStrategy(),
            "linger.ms=0"));
      case "lka-async":
        // Its README's "relaxed" setup: fire and forget, drop rather than block when full.
        return new LogbackShipper(name, peer(bootstrap, topic,
            new AsynchronousDeliveryStrategy(), "acks=0", "linger.ms=1000", "max.block.ms=0"));
      case "floor-async-noop":
        return new LogbackShipper(name, asyncNoop());
      default:
        throw new IllegalArgumentException("not a Logback contestant: " + name);
    }
  }

  static LoggerContext context() {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter());
    return ctx;
  }

  static JsonEncoder encoder(LoggerContext ctx) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(ctx);
    encoder.start();
    return encoder;
  }

  /** The appender as a user configures it: destination and topic, other settings default. */
  private static TributaryAppender tributary(String bootstrap, String topic,
      boolean defaultBuffer) {
    TributaryAppender a = new TributaryAppender();
    a.setContext(context());
    a.setName("KAFKA");
    a.setDestination("kafka://" + bootstrap);
    a.setTopic(topic);
    a.setJmx(false);
    // Room for a whole measurement iteration of a tight loop: a per-call figure must be the
    // cost of shipping an event, never the (cheaper) cost of dropping one.
    if (!defaultBuffer) {
      a.setBufferSize("2GB");
    }
    // The same stop budget the Log4j2 contestants get from LoggerContext.stop(5, SECONDS).
    a.setCloseTimeout("5 seconds");
    return a;
  }

  /** logback-kafka-appender 0.2.0-RC2 with our encoder and {@code producerConfigs}. */
  private static KafkaAppender<ILoggingEvent> peer(String bootstrap, String topic,
      DeliveryStrategy strategy, String... producerConfigs) {
    LoggerContext ctx = context();
    KafkaAppender<ILoggingEvent> a = new KafkaAppender<>();
    a.setContext(ctx);
    a.setName("LKA");
    a.setEncoder(encoder(ctx));
    a.setTopic(topic);
    a.setKeyingStrategy(new NoKeyKeyingStrategy());
    a.setDeliveryStrategy(strategy);
    a.addProducerConfig("bootstrap.servers=" + bootstrap);
    for (String c : producerConfigs) {
      a.addProducerConfig(c);
    }
    return a;
  }

  /** The floor: Logback's AsyncAppender handing events to an appender that does nothing. */
  private static AsyncAppender asyncNoop() {
    LoggerContext ctx = context();
    AppenderBase<ILoggingEvent> noop = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {}
    };
    noop.setContext(ctx);
    noop.setName("NOOP");
    noop.start();
    AsyncAppender a = new AsyncAppender();
    a.setContext(ctx);
    a.setName("ASYNC");
    a.setDiscardingThreshold(0); // never discard: a floor that drops would flatter itself
    a.addAppender(noop);
    return a;
  }

  @Override
  void log() {
    logger.info(MESSAGE, "SKU-48213", 2);
  }

  @Override
  void drain(TopicCounter arrivals) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    if (appender instanceof TributaryAppender t) {
      while (t.metrics().pendingRecords() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    } else if (appender instanceof AsyncAppender a) {
      while (a.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    } else {
      super.drain(arrivals);
    }
  }

  @Override
  String stats() {
    if (appender instanceof TributaryAppender t) {
      ProducerMetrics m = t.metrics();
      return name + ": appended=" + m.appended() + " sent=" + m.sent() + " dropped="
          + m.dropped() + " failed=" + m.failed() + " pending=" + m.pendingRecords();
    }
    return name;
  }

  /** Logback's {@code stop()} takes no timeout: Tributary's is its closeTimeout (5 s here). */
  @Override
  void stop(long timeoutSeconds) {
    appender.stop();
  }
}

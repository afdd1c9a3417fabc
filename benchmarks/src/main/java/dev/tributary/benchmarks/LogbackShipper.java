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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Logback contestant: one appender on one logger of a LoggerContext of its own. Names:
 * {@code tributary-logback} (Tributary's appender, its defaults), {@code tributary-logback-peer}
 * (with {@link LogShipper#PEER_SETTINGS}), {@code lka} and {@code lka-blocking}
 * (logback-kafka-appender 0.2.0-RC2, async and blocking delivery, with the peer settings),
 * {@code floor-async-noop} (Logback's AsyncAppender over an appender that does nothing). Every
 * appender encodes with Tributary's {@link JsonEncoder}.
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
      Buffering buffering) {
    switch (name) {
      case "tributary-logback":
        return new LogbackShipper(name, tributary(bootstrap, topic, buffering, false));
      case "tributary-logback-peer":
        return new LogbackShipper(name, tributary(bootstrap, topic, buffering, true));
      case "lka":
        // Fire and forget with a callback; a full kafka-clients buffer blocks the caller (up to
        // max.block.ms, a minute by default), so nothing is lost while Kafka is up.
        return new LogbackShipper(name, peer(bootstrap, topic,
            new AsynchronousDeliveryStrategy()));
      case "lka-blocking":
        // Waits for each event's acknowledgement.
        return new LogbackShipper(name, peer(bootstrap, topic, new BlockingDeliveryStrategy()));
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

  /**
   * The appender as a user configures it: destination and topic, with the peers' producer
   * settings or not, and under {@link Buffering#BLOCK} a blocking (lossless) overflow.
   */
  private static TributaryAppender tributary(String bootstrap, String topic,
      Buffering buffering, boolean peerSettings) {
    TributaryAppender a = new TributaryAppender();
    a.setContext(context());
    a.setName("KAFKA");
    a.setDestination("kafka://" + bootstrap);
    a.setTopic(topic);
    a.setJmx(false);
    if (buffering == Buffering.BLOCK) {
      a.setOverflowPolicy("BLOCK");
      a.setMaxBlockTime("60 seconds");
    }
    if (peerSettings) {
      PEER_SETTINGS.forEach((k, v) -> a.addProducerProperty(k + "=" + v));
    }
    // The same stop budget the Log4j2 contestants get from LoggerContext.stop(5, SECONDS).
    a.setCloseTimeout("5 seconds");
    return a;
  }

  /** logback-kafka-appender 0.2.0-RC2 with our encoder and the peers' producer settings. */
  private static KafkaAppender<ILoggingEvent> peer(String bootstrap, String topic,
      DeliveryStrategy strategy) {
    LoggerContext ctx = context();
    KafkaAppender<ILoggingEvent> a = new KafkaAppender<>();
    a.setContext(ctx);
    a.setName("LKA");
    a.setEncoder(encoder(ctx));
    a.setTopic(topic);
    a.setKeyingStrategy(new NoKeyKeyingStrategy());
    a.setDeliveryStrategy(strategy);
    a.addProducerConfig("bootstrap.servers=" + bootstrap);
    PEER_SETTINGS.forEach((k, v) -> a.addProducerConfig(k + "=" + v));
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
  boolean shipsToKafka() {
    return !(appender instanceof AsyncAppender);
  }

  /** Tributary knows what it still holds: waiting ends when nothing is pending. */
  @Override
  long awaitDelivered(TopicCounter arrivals, long expected, Duration quiet, Duration cap) {
    long deadline = System.nanoTime() + cap.toNanos();
    if (appender instanceof TributaryAppender t) {
      while (t.metrics().pendingRecords() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      return arrivals.arrived();
    }
    if (appender instanceof AsyncAppender a) {
      while (a.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      return 0;
    }
    return super.awaitDelivered(arrivals, expected, quiet, cap);
  }

  @Override
  long dropped() {
    return appender instanceof TributaryAppender t ? t.metrics().dropped() : -1;
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

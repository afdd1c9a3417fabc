package dev.tributary.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import com.github.danielwegener.logback.kafka.KafkaAppender;
import com.github.danielwegener.logback.kafka.delivery.AsynchronousDeliveryStrategy;
import com.github.danielwegener.logback.kafka.delivery.BlockingDeliveryStrategy;
import com.github.danielwegener.logback.kafka.keying.NoKeyKeyingStrategy;
import dev.tributary.ProducerMetrics;
import dev.tributary.logback.JsonEncoder;
import dev.tributary.logback.TributaryAppender;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One contestant of {@link LogbackAppenderBenchmark}: something an application thread calls
 * once per log event. Every Logback contestant gets its own LoggerContext and encodes with
 * Tributary's {@link JsonEncoder}, so they differ only in how they ship; the kafka-clients loop
 * sends the very bytes that encoder produces. Not thread-safe to build; {@link #log()} is.
 */
abstract class LogShipper {
  /** ~200 characters once formatted, like a typical business log line. */
  static final String MESSAGE = "Added sku={} qty={} to cart 5531 for customer c-77812 "
      + "(tier=gold, region=eu-west-1); pricing rules applied: volume-discount, loyalty-bonus; "
      + "inventory reserved at warehouse FRA-2";
  static final String LOGGER = "com.acme.checkout.CartService";

  /** Logs (or sends) one event from the calling thread. */
  abstract void log();

  /** Waits, bounded, until what was logged so far has left the shipper's buffers. */
  void drain(TopicCounter arrivals) {
    arrivals.awaitQuiet(300, 60_000);
  }

  /** A line of counters for the run's output. */
  String stats() {
    return "";
  }

  abstract void close();

  static LogShipper create(String name, String bootstrap, String topic) {
    switch (name) {
      case "tributary":
        return new Appender(name, tributary(bootstrap, topic));
      case "lka-blocking":
        // Waits for each event's acknowledgement; linger.ms=0 so that wait is a round trip,
        // not Kafka's 5 ms linger on top.
        return new Appender(name, peer(bootstrap, topic, new BlockingDeliveryStrategy(),
            "linger.ms=0"));
      case "lka-async":
        // The README's "relaxed" setup: fire and forget, drop rather than block when full.
        return new Appender(name, peer(bootstrap, topic, new AsynchronousDeliveryStrategy(),
            "acks=0", "linger.ms=1000", "max.block.ms=0"));
      case "async-noop":
        return new Appender(name, asyncNoop());
      case "kafka-loop":
        return new KafkaLoop(bootstrap, topic);
      default:
        throw new IllegalArgumentException("unknown shipper " + name);
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

  /** The appender as a user configures it: destination and topic, every other setting default. */
  private static TributaryAppender tributary(String bootstrap, String topic) {
    LoggerContext ctx = context();
    TributaryAppender a = new TributaryAppender();
    a.setContext(ctx);
    a.setName("KAFKA");
    a.setDestination("kafka://" + bootstrap);
    a.setTopic(topic);
    a.setJmx(false);
    // Room for a whole measurement iteration of a tight loop: a per-call figure must be the
    // cost of shipping an event, never the (cheaper) cost of dropping one.
    a.setBufferSize("2GB");
    return a;
  }

  /** logback-kafka-appender 0.2.0-RC2 with our encoder and {@code producerConfigs}. */
  private static KafkaAppender<ILoggingEvent> peer(String bootstrap, String topic,
      com.github.danielwegener.logback.kafka.delivery.DeliveryStrategy strategy,
      String... producerConfigs) {
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

  /** A Logback contestant: one appender on one logger of its own context. */
  static final class Appender extends LogShipper {
    private final String name;
    private final ch.qos.logback.core.Appender<ILoggingEvent> appender;
    private final Logger logger;
    private long seq;

    Appender(String name, ch.qos.logback.core.Appender<ILoggingEvent> appender) {
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

    @Override
    void log() {
      logger.info(MESSAGE, "SKU-48213", 2);
    }

    @Override
    void drain(TopicCounter arrivals) {
      if (appender instanceof TributaryAppender t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (t.metrics().pendingRecords() > 0 && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
      } else if (appender instanceof AsyncAppender a) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
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

    @Override
    void close() {
      // Stopping the peer with Kafka down would wait out its producer's timeouts; the fork
      // ends anyway, and every thread involved is a daemon.
      if (appender instanceof TributaryAppender || appender instanceof AsyncAppender) {
        appender.stop();
      }
    }
  }

  /** The ceiling: kafka-clients' own send loop, default settings, the same bytes per event. */
  static final class KafkaLoop extends LogShipper {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final byte[] value;

    KafkaLoop(String bootstrap, String topic) {
      this.topic = topic;
      this.producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
      LoggerContext ctx = context();
      Logger logger = ctx.getLogger(LOGGER);
      LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, MESSAGE,
          null, new Object[] {"SKU-48213", 2});
      this.value = encoder(ctx).encode(e);
    }

    @Override
    void log() {
      producer.send(new ProducerRecord<>(topic, value));
    }

    @Override
    void drain(TopicCounter arrivals) {
      producer.flush();
    }

    @Override
    void close() {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}

package dev.tributary.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.tributary.logback.JsonEncoder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The least any shipper that encodes must do: {@link KafkaClientsLoop}'s send loop with the same
 * {@link LogShipper#PEER_SETTINGS}, but each call builds the Logback event a logger call builds
 * on the logging thread (as Logback's {@code Logger.info(String, Object, Object)} does: the
 * current time, {@link LogShipper#MESSAGE} and the arguments {@link LogbackShipper} logs, the
 * message formatted when encoded) and encodes it with Tributary's
 * {@link JsonEncoder}, then sends the bytes, with no headers and no callback. The bytes are sent,
 * so the JIT cannot drop the work. A full {@code buffer.memory} blocks the caller (up to
 * {@code max.block.ms}, a minute), so nothing is lost while Kafka is up. Thread-safe once built
 * (the encoder encodes into a buffer of each thread's own).
 */
final class KafkaClientsEncodeLoop extends LogShipper {
  /** The caller boundary Logback's own {@code Logger} passes for its events. */
  private static final String FQCN = Logger.class.getName();

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Logger logger;
  private final JsonEncoder encoder;

  KafkaClientsEncodeLoop(String bootstrap, String topic) {
    this.topic = topic;
    Map<String, Object> config = new HashMap<>(PEER_SETTINGS);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(config);
    LoggerContext ctx = LogbackShipper.context();
    this.logger = ctx.getLogger(LOGGER);
    this.encoder = LogbackShipper.encoder(ctx);
  }

  @Override
  void log() {
    LoggingEvent e = new LoggingEvent(FQCN, logger, Level.INFO, MESSAGE, null,
        new Object[] {"SKU-48213", 2});
    producer.send(new ProducerRecord<>(topic, encoder.encode(e)));
  }

  @Override
  long awaitDelivered(TopicCounter arrivals, long expected, Duration quiet, Duration cap) {
    producer.flush();
    return arrivals.arrived();
  }

  @Override
  void stop(long timeoutSeconds) {
    producer.close(Duration.ofSeconds(timeoutSeconds));
  }
}

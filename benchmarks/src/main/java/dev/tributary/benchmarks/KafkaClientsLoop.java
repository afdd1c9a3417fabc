package dev.tributary.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The reference: kafka-clients' own send loop with {@link LogShipper#PEER_SETTINGS}, sending
 * the very bytes Tributary's Logback encoder makes of {@link LogShipper#MESSAGE}, pre-encoded
 * (it does no encoding per call at all). A full {@code buffer.memory} blocks the caller (up to
 * {@code max.block.ms}, a minute), so nothing is lost while Kafka is up. Thread-safe once built.
 */
class KafkaClientsLoop extends LogShipper {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final byte[] value;

  KafkaClientsLoop(String bootstrap, String topic) {
    this.topic = topic;
    Map<String, Object> config = new HashMap<>(PEER_SETTINGS);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(config);
    LoggerContext ctx = LogbackShipper.context();
    Logger logger = ctx.getLogger(LOGGER);
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, MESSAGE,
        null, new Object[] {"SKU-48213", 2});
    this.value = LogbackShipper.encoder(ctx).encode(e);
  }

  @Override
  void log() {
    send(value);
  }

  /** Sends {@code bytes} as one record, no key, no headers, no callback. */
  final void send(byte[] bytes) {
    producer.send(new ProducerRecord<>(topic, bytes));
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

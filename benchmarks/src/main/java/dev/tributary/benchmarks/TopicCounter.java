package dev.tributary.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records that arrived in a topic, from its partitions' end offsets, so a benchmark
 * scores what Kafka holds rather than what a shipper claims to have sent. Not thread-safe.
 */
final class TopicCounter implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;

  TopicCounter(String bootstrap, String topic, int partitions) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    this.partitions = java.util.stream.IntStream.range(0, partitions)
        .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
  }

  /** Records in the topic now. */
  long arrived() {
    return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
        .mapToLong(Long::longValue).sum();
  }

  /**
   * Waits until {@code target} records arrived, or none arrived for {@code quietMs}, or
   * {@code maxMs} passed; returns the count then.
   */
  long awaitArrivals(long target, long quietMs, long maxMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
    long last = arrived();
    long lastChange = System.nanoTime();
    while (last < target && System.nanoTime() < deadline) {
      sleep(2);
      long now = arrived();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(quietMs)) {
        break;
      }
    }
    return last;
  }

  /** Waits until no record arrived for {@code quietMs}, at most {@code maxMs}. */
  long awaitQuiet(long quietMs, long maxMs) {
    return awaitArrivals(Long.MAX_VALUE, quietMs, maxMs);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}

package com.example.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a log topic with a plain, group-less consumer (nothing is committed, so it can point at
 * a shared cluster), either from the beginning or from the end offsets found when it was opened.
 *
 * <p>Not thread-safe: one thread opens, reads and closes it.
 */
final class LogTopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;

  private LogTopicReader(KafkaConsumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /** Opens a reader that sees only records written after this call returns. */
  static LogTopicReader fromEnd(String bootstrapServers, String topic, Duration timeout) {
    return open(bootstrapServers, topic, timeout, false);
  }

  /** Opens a reader that sees the whole topic. */
  static LogTopicReader fromBeginning(String bootstrapServers, String topic, Duration timeout) {
    return open(bootstrapServers, topic, timeout, true);
  }

  /** The record's key as text (the request id, with {@code keyStrategy mdc:requestId}). */
  static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** The record's value as text (the event's JSON). */
  static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  /**
   * Polls until {@code count} records matching {@code wanted} were read or {@code timeout}
   * passed, and returns every record read, matching or not, in partition order. On timeout it
   * returns what it has, so the caller can say what is missing.
   */
  List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<ConsumerRecord<byte[], byte[]>> wanted,
      int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    int matched = 0;
    while (matched < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        read.add(record);
        if (wanted.test(record)) {
          matched++;
        }
      }
    }
    return read;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  private static LogTopicReader open(String bootstrapServers, String topic, Duration timeout,
      boolean fromBeginning) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
        ConsumerConfig.CLIENT_ID_CONFIG, "tributary-sample-reader"));
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = List.of();
      // Empty until the topic exists (a real cluster may create it on the app's first record).
      while (partitions.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topic " + topic + " not found at " + bootstrapServers
              + " within " + timeout);
        }
        try {
          partitions = consumer.partitionsFor(topic, Duration.ofSeconds(1)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          // The cluster is not answering yet; ask again until the deadline.
        }
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      // Resolves the lazy seek now, so "the end" means the end at this moment.
      partitions.forEach(consumer::position);
      return new LogTopicReader(consumer);
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }
}

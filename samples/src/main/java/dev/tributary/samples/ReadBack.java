package dev.tributary.samples;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with a plain, group-less consumer and counts the demo's
 * events by their {@code seq}.
 */
final class ReadBack {
  private ReadBack() {}

  /**
   * @param distinct events whose {@code seq} was seen at least once
   * @param duplicates records beyond the first for the same {@code seq}
   */
  record Counts(long distinct, long duplicates) {}

  /**
   * Reads every partition of {@code topic} up to the end offsets it has now, or until
   * {@code timeout}; call it after the producer closed, when nothing more will arrive.
   */
  static Counts read(String bootstrapServers, String topic, int events, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
        ConsumerConfig.CLIENT_ID_CONFIG, "tributary-demo-reader");
    BitSet seen = new BitSet(events);
    long duplicates = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!atEnd(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          long seq = LogEvents.seqOf(r.value());
          if (seq < 0 || seq >= events) {
            continue;
          }
          if (seen.get((int) seq)) {
            duplicates++;
          } else {
            seen.set((int) seq);
          }
        }
      }
    }
    return new Counts(seen.cardinality(), duplicates);
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

package dev.tributary.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a sample shipped: every record of a topic with a timestamp at or after a given
 * time, up to the end offsets the topic has when reading starts. Seeking by time keeps a run
 * against a real cluster from reading the topic's whole history.
 */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Reads {@code topic} from the first offset whose timestamp is at or after {@code sinceMs};
   * call it once the producer or logging framework has flushed, when nothing more will arrive.
   * Returns what it has when {@code timeout} runs out, nothing if the cluster cannot be reached.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readSince(String bootstrapServers,
      String topic, long sinceMs, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.CLIENT_ID_CONFIG, "tributary-sample-reader");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions;
      try {
        partitions = consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
      } catch (TimeoutException e) {
        // Cluster unreachable: nothing read, which the caller reports as missing records.
        return records;
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> byTime = new HashMap<>();
      partitions.forEach(p -> byTime.put(p, sinceMs));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(byTime, timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp start = starts.get(p);
        // No record at or after sinceMs in this partition: nothing of ours there.
        consumer.seek(p, start == null ? ends.get(p) : start.offset());
      }
      while (!atEnd(consumer, ends) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

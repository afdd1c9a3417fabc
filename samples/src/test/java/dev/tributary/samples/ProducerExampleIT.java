package dev.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class ProducerExampleIT {

  @Test
  void everyBusinessEventArrivesKeyedByOrderWithItsHeadersAndInOrder() throws Exception {
    try (SampleKafka kafka = SampleKafka.fromSystemProperties()) {
      assertThat(kafka.inProcess()).isTrue();
      kafka.start(ProducerExample.TOPIC, 3);
      long startMs = System.currentTimeMillis();

      ProducerExample.Result result = ProducerExample.run(kafka, 200);

      assertThat(result.ok()).as(result.summary()).isTrue();
      assertThat(result.closeReport().sent()).isEqualTo(600);
      assertThat(result.received()).isEqualTo(600);
      List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readSince(
          kafka.readBackServers().orElseThrow(), ProducerExample.TOPIC, startMs,
          Duration.ofSeconds(30));
      assertThat(read).hasSize(600);
      for (ConsumerRecord<byte[], byte[]> r : read) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        String value = new String(r.value(), StandardCharsets.UTF_8);
        assertThat(value).contains("\"orderId\":\"" + key + "\"")
            .contains("\"type\":\"" + header(r, "event-type") + "\"");
        assertThat(header(r, "schema-version")).isEqualTo("1");
        assertThat(header(r, "source")).isEqualTo("checkout");
      }
      // Same key, same partition: an order's events sit together in one partition.
      assertThat(read.stream().filter(r -> r.key() != null)
          .collect(Collectors.groupingBy(
              r -> new String(r.key(), StandardCharsets.UTF_8),
              Collectors.mapping(ConsumerRecord::partition,
                  Collectors.toSet())))
          .values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}

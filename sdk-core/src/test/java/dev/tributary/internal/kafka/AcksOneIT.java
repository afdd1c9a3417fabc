package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code acks=1} on its own, as a user coming from kafka-clients writes it: the producer starts
 * (idempotence turns off by itself, as in kafka-clients) and records reach a real broker.
 */
class AcksOneIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @Test
  void acksOneAloneStartsAndDelivers() throws Exception {
    KAFKA.kafka().createTopic("acks-one", 1);
    TributaryConfig config = TributaryConfig.builder("kafka://" + KAFKA.bootstrapServers())
        .producerProperty("acks", "1")
        .diagnostics(Diagnostics.none())
        .jmxEnabled(false)
        .build();
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      RecordMetadata first = producer.send(TributaryRecord.of("acks-one",
          "first".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < 999; i++) {
        assertThat(producer.offer(TributaryRecord.of("acks-one",
            ("record " + i).getBytes(StandardCharsets.UTF_8)))).isTrue();
      }
      DeliveryReport flushed = producer.flush(Duration.ofSeconds(30));

      assertThat(first.offset()).isZero();
      assertThat(flushed.pending()).isZero();
      assertThat(producer.metrics().sent()).isEqualTo(1_000);
      assertThat(producer.metrics().failed()).isZero();
    }
    assertThat(KAFKA.kafka().consumeAll("acks-one", 1_000, Duration.ofSeconds(30))).hasSize(1_000);
  }
}

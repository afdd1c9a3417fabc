package dev.tributary.http;

import static dev.tributary.http.RealPixyHttpIT.causeOf;
import static dev.tributary.http.RealPixyHttpIT.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryReport;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaBridge;
import dev.tributary.testkit.KafkaClusterExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The producer API through {@code rest+http} against the real Strimzi Kafka Bridge (from
 * {@code ../shared/peers}; skipped without it), in front of an in-process Kafka with topic
 * auto-creation off. The bridge waits {@code kafka.producer.max.block.ms} (60 s by default) for
 * an unknown topic's metadata before it answers; here it is 5 s, as the docs advise.
 */
class RealBridgeIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.of(InProcessKafka.builder()
      .brokerConfig("auto.create.topics.enable", "false"));
  private static KafkaBridge bridge;

  @BeforeAll
  static void startBridge() {
    bridge = KafkaBridge.builder(KAFKA.bootstrapServers())
        .property("kafka.producer.max.block.ms", "5000").start();
  }

  @AfterAll
  static void stopBridge() {
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void theBridgeGetsEveryRecordWithTheProducersDefaults() {
    String topic = "rest-default";
    KAFKA.kafka().createTopic(topic, 3);
    int records = 10_000;
    long t0 = System.nanoTime();
    try (TributaryProducer p = TributaryProducer.create(config())) {
      for (int i = 0; i < records; i++) {
        assertThat(p.offer(record(topic, "r" + i))).isTrue();
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(2));
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s: %,d records in %.1f s (%,.0f/s)%n", bridge.destination(), r.sent(),
          secs, r.sent() / secs);
      assertThat(r.sent()).as(r.toString()).isEqualTo(records);
    }
    assertThat(distinctValues(topic, records)).hasSize(records);
  }

  @Test
  void anUnknownTopicWithAutoCreationOffFailsNamingTheTopic() throws Exception {
    try (TributaryProducer p = TributaryProducer.create(config())) {
      CompletableFuture<RecordMetadata> f = p.send(record("no-such-topic", "x"));
      assertThat(p.flush(Duration.ofSeconds(45)).failed()).isEqualTo(1);
      assertThat(causeOf(f)).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("no-such-topic").hasMessageContaining("404");
    }
  }

  @Test
  void theBridgeStoppedAndRestartedMidStreamLosesNothing() {
    String topic = "rest-restart";
    KAFKA.kafka().createTopic(topic, 3);
    int records = 6_000;
    try (TributaryProducer p = TributaryProducer.create(config())) {
      for (int i = 0; i < records; i++) {
        p.offer(record(topic, "r" + i));
        if (i == records / 3) {
          RealPixyHttpIT.awaitSent(p, records / 6);
          bridge.stop();
        }
        if (i == 2 * records / 3) {
          bridge.start();
        }
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(3));
      assertThat(r.sent()).as(r.toString()).isEqualTo(records);
      assertThat(r.failed() + r.dropped()).isZero();
      assertThat(p.metrics().retried()).as("the outage was seen").isPositive();
    } finally {
      if (!bridge.isRunning()) {
        bridge.start();
      }
    }
    assertThat(distinctValues(topic, records)).hasSize(records);
  }

  private static TributaryConfig config() {
    return TributaryConfig.builder(bridge.destination()).jmxEnabled(false).build();
  }

  private static Set<String> distinctValues(String topic, int expected) {
    return KAFKA.kafka().distinctValues(topic, expected, Duration.ofSeconds(60));
  }

}

package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryReport;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The producer API through {@code pixy+grpc} against the real kafka-pixy (from
 * {@code ../shared/peers}; skipped without it), in front of an in-process Kafka with topic
 * auto-creation off: with kafka-pixy's default config and with a 5 ms flush, and the real
 * server's bad answers.
 */
class RealPixyGrpcIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.of(InProcessKafka.builder()
      .brokerConfig("auto.create.topics.enable", "false"));
  private static KafkaPixy pixy;
  private static KafkaPixy fastPixy;

  @BeforeAll
  static void startPixies() {
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).start();
    fastPixy = KafkaPixy.builder(KAFKA.bootstrapServers()).flushFrequency(Duration.ofMillis(5))
        .start();
  }

  @AfterAll
  static void stopPixies() {
    if (pixy != null) {
      pixy.close();
    }
    if (fastPixy != null) {
      fastPixy.close();
    }
  }

  @Test
  void aDefaultConfigKafkaPixyGetsEveryRecordWithTheProducersDefaults() {
    deliverAll(pixy.grpcDestination(), "grpc-default", 10_000);
  }

  @Test
  void aFiveMillisecondFlushKafkaPixyGetsEveryRecordWithTheProducersDefaults() {
    deliverAll(fastPixy.grpcDestination(), "grpc-fast", 10_000);
  }

  @Test
  void anUnknownTopicWithAutoCreationOffFailsAtOnceNamingTheTopic() throws Exception {
    try (TributaryProducer p = TributaryProducer.create(config(fastPixy.grpcDestination()))) {
      CompletableFuture<RecordMetadata> f = p.send(record("no-such-topic", "x"));
      assertThat(p.flush(Duration.ofSeconds(30)).failed()).isEqualTo(1);
      assertThat(causeOf(f)).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("no-such-topic");
      assertThat(p.metrics().retried()).isZero();
    }
  }

  @Test
  void recordsOverKafkaPixysLimitsFailForGoodWhileTheNextOneGoes() throws Exception {
    String topic = "grpc-large";
    KAFKA.kafka().createTopic(topic, 1);
    try (TributaryProducer p = TributaryProducer.create(config(fastPixy.grpcDestination())
        .toBuilder().maxRecordBytes(2 << 20).build())) {
      // Over the broker's message limit: kafka-pixy takes the call and Kafka refuses it.
      CompletableFuture<RecordMetadata> overKafka = p.send(TributaryRecord.of(topic,
          filled(1_010_000)));
      // Over kafka-pixy's 1 MiB gRPC message limit: refused before any call.
      CompletableFuture<RecordMetadata> overPixy = p.send(TributaryRecord.of(topic,
          filled(1_100_000)));
      CompletableFuture<RecordMetadata> small = p.send(record(topic, "small"));
      DeliveryReport r = p.flush(Duration.ofSeconds(30));
      assertThat(r.failed()).isEqualTo(2);
      assertThat(r.sent()).isEqualTo(1);
      assertThat(causeOf(overKafka)).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("too large");
      assertThat(causeOf(overPixy)).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("accepts at most");
      assertThat(small).isCompleted();
    }
  }

  @Test
  void kafkaPixyStoppedAndRestartedMidStreamLosesNothing() {
    String topic = "grpc-restart";
    KAFKA.kafka().createTopic(topic, 3);
    int records = 6_000;
    try (TributaryProducer p = TributaryProducer.create(config(pixy.grpcDestination()))) {
      for (int i = 0; i < records; i++) {
        p.offer(record(topic, "r" + i));
        if (i == records / 3) {
          awaitSent(p, records / 6);
          pixy.stop();
        }
        if (i == 2 * records / 3) {
          pixy.start();
        }
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(3));
      assertThat(r.sent()).as(r.toString()).isEqualTo(records);
      assertThat(r.failed() + r.dropped()).isZero();
      assertThat(p.metrics().retried()).as("the outage was seen").isPositive();
    } finally {
      if (!pixy.isRunning()) {
        pixy.start();
      }
    }
    assertThat(distinctValues(topic, records)).hasSize(records);
  }

  @Test
  void asyncModeDeliversButReportsRecordsAsUnconfirmedNotSent() {
    String topic = "grpc-async";
    KAFKA.kafka().createTopic(topic, 1);
    TributaryConfig config = config(fastPixy.grpcDestination()).toBuilder()
        .producerProperty(PixyGrpcProperties.ASYNC, "true").build();
    try (TributaryProducer p = TributaryProducer.create(config)) {
      for (int i = 0; i < 1_000; i++) {
        p.offer(record(topic, "a" + i));
      }
      DeliveryReport r = p.flush(Duration.ofSeconds(60));
      assertThat(r.unconfirmed()).isEqualTo(1_000);
      assertThat(r.sent()).isZero();
      assertThat(r.toString()).contains("not confirmed by Kafka");
    }
    assertThat(distinctValues(topic, 1_000)).hasSize(1_000);
  }

  private static void deliverAll(String destination, String topic, int records) {
    KAFKA.kafka().createTopic(topic, 3);
    long t0 = System.nanoTime();
    try (TributaryProducer p = TributaryProducer.create(config(destination))) {
      for (int i = 0; i < records; i++) {
        assertThat(p.offer(record(topic, "r" + i))).isTrue();
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(2));
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s: %,d records in %.1f s (%,.0f/s)%n", destination, r.sent(), secs,
          r.sent() / secs);
      assertThat(r.sent()).as(r.toString()).isEqualTo(records);
      assertThat(r.complete()).isTrue();
    }
    assertThat(distinctValues(topic, records)).hasSize(records);
  }

  private static TributaryConfig config(String destination) {
    return TributaryConfig.builder(destination).jmxEnabled(false).build();
  }

  private static TributaryRecord record(String topic, String value) {
    return TributaryRecord.of(topic, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 'x');
    return b;
  }

  private static Set<String> distinctValues(String topic, int expected) {
    return KAFKA.kafka().distinctValues(topic, expected, Duration.ofSeconds(60));
  }

  private static void awaitSent(TributaryProducer p, long sent) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.metrics().sent() < sent && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static Throwable causeOf(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + f.join());
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no outcome within 30 s", e);
    }
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.Pipeline;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.MovableClock;
import dev.tributary.testkit.NeverWaits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A broker that is not there: at start-up, and for longer than the delivery timeout. Each test
 * owns its cluster because each one takes its broker away.
 *
 * <p>kafka-clients' waits cost an hour here ({@link NeverWaits}), so a call that waited on the
 * broker is told from one that did not without timing the machine.
 */
class BrokerOutageIT {

  @Test
  void startingWithTheBrokerDownNeitherBlocksNorLosesRecords() throws Exception {
    int port = InProcessKafka.freePort();
    // No auto-creation: the test creates the topic itself once the broker is up.
    try (InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build()) {
      TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:" + port)
          .diagnostics(Diagnostics.none())
          .retryBackoffMax(Duration.ofMillis(500))
          .deliveryTimeout(Duration.ofMinutes(2))
          .producerProperties(NeverWaits.kafkaProducerProperties())
          .build();
      long t0 = System.nanoTime();
      TributaryProducer producer = NeverWaits.call("creating a producer with the broker down",
          () -> TributaryProducer.create(config));
      long createNanos = System.nanoTime() - t0;
      int count = 20_000;
      long maxOfferNanos = NeverWaits.call(count + " offers with the broker down", () -> {
        long max = 0;
        for (int i = 0; i < count; i++) {
          TributaryRecord r = TributaryRecord.builder("late").key("k" + (i % 10))
              .value(Integer.toString(i)).build();
          long s = System.nanoTime();
          assertThat(producer.offer(r)).isTrue();
          max = Math.max(max, System.nanoTime() - s);
        }
        return max;
      });
      System.out.printf("broker down: create took %.1f ms, slowest of %d offers %.3f ms%n",
          createNanos / 1e6, count, maxOfferNanos / 1e6);
      assertThat(producer.metrics().sent()).isZero();

      kafka.start();
      kafka.createTopic("late", 3);
      DeliveryReport report = producer.close(Duration.ofSeconds(90));
      assertThat(report.sent()).isEqualTo(count);
      assertThat(report.pending()).isZero();
      assertThat(report.failed() + report.dropped()).isZero();

      List<ConsumerRecord<byte[], byte[]>> got =
          kafka.consumeAll("late", count, Duration.ofSeconds(60));
      Set<String> values = new HashSet<>();
      got.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      assertThat(values).hasSize(count);
    }
  }

  @Test
  void aBrokerDownPastTheDeliveryTimeoutFailsRecordsRetriablyAndCloseReportsHonestly()
      throws Exception {
    try (InProcessKafka kafka = InProcessKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("outage", 1);
      // The delivery timeout passes on a clock the test moves, once the broker is down: with a
      // timeout of seconds, the records sent while it is up could expire on a busy machine.
      Duration deliveryTimeout = Duration.ofMinutes(10);
      MovableClock clock = new MovableClock();
      Pipeline producer = clock.producer(
          TributaryConfig.builder("kafka://" + kafka.bootstrapServers())
              .diagnostics(Diagnostics.none())
              .deliveryTimeout(deliveryTimeout)
              .retryBackoffMax(Duration.ofMillis(500))
              .jmxEnabled(false)
              .producerProperties(NeverWaits.kafkaProducerProperties())
              .build());
      List<CompletableFuture<RecordMetadata>> before = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        before.add(producer.send(TributaryRecord.of("outage", new byte[] {(byte) i})));
      }
      for (CompletableFuture<RecordMetadata> f : before) {
        f.get(30, TimeUnit.SECONDS);
      }

      kafka.stopBroker(0);
      List<CompletableFuture<RecordMetadata>> during = new ArrayList<>();
      NeverWaits.run("100 sends with the broker down", () -> {
        for (int i = 0; i < 100; i++) {
          during.add(producer.send(TributaryRecord.of("outage", new byte[] {(byte) i})));
        }
      });
      clock.advance(deliveryTimeout);
      for (CompletableFuture<RecordMetadata> f : during) {
        try {
          f.get(30, TimeUnit.SECONDS);
          throw new AssertionError("delivered while the broker was down");
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(DeliveryTimeoutException.class)
              .hasMessageContaining("within PT10M");
          assertThat(((TributaryException) e.getCause()).isRetriable()).isTrue();
        }
      }
      assertThat(producer.metrics().failed()).isEqualTo(100);

      // More records, then close while the broker is still down: it must return on time. A
      // close that waited for kafka-clients would wait an hour, one that waited for these
      // records ten minutes (when they expire): either overruns NeverWaits' bound. That it
      // returns at its own 2 s deadline is CloseReportTest's to prove, on a fake clock.
      for (int i = 0; i < 50; i++) {
        producer.offer(TributaryRecord.of("outage", new byte[] {(byte) i}));
      }
      long s = System.nanoTime();
      DeliveryReport report = NeverWaits.call("close(2 s) with the broker down",
          () -> producer.close(Duration.ofSeconds(2)));
      long took = System.nanoTime() - s;
      System.out.printf("close with broker down took %.0f ms: %s%n", took / 1e6, report);
      assertThat(report.sent()).isEqualTo(100);
      assertThat(report.failed()).isEqualTo(100);
      assertThat(report.pending()).isEqualTo(50);
      assertThat(report.complete()).isFalse();
      assertThat(report.sent() + report.failed() + report.dropped() + report.pending())
          .isEqualTo(250);
    }
  }
}

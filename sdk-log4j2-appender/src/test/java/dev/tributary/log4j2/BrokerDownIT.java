package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka not there: at start-up (the top complaint against Log4j2's KafkaAppender,
 * apache/logging-log4j2 #1666 and #2066), and at shutdown. Each test owns its broker.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerDownIT {
  private static final int EVENTS = 20_000;

  @Test
  void kafkaDownAtStartupBlocksNeitherConfigurationNorLogCallsAndEventsArriveLater()
      throws Exception {
    int port = InProcessKafka.freePort();
    try (InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build()) {
      long t0 = System.nanoTime();
      LoggerContext ctx = TestLogging.start("down-at-start", "kafka-plain.xml", Map.of(
          "test.destination", "kafka://127.0.0.1:" + port, "test.topic", "late",
          "test.appender", "LATE"));
      long configNanos = System.nanoTime() - t0;
      TributaryAppender appender = TestLogging.appender(ctx, "LATE");

      Logger log = ctx.getLogger("app");
      long[] calls = new long[EVENTS];
      for (int i = 0; i < EVENTS; i++) {
        long s = System.nanoTime();
        log.info("while down {}", i);
        calls[i] = System.nanoTime() - s;
      }
      int slowestAt = 0;
      for (int i = 1; i < EVENTS; i++) {
        slowestAt = calls[i] > calls[slowestAt] ? i : slowestAt;
      }
      System.out.println("slowest call was #" + slowestAt);
      Arrays.sort(calls);
      System.out.printf("Kafka down: configuration took %.1f ms; log calls p50 %.1f us, "
          + "p99 %.1f us, max %.3f ms%n", configNanos / 1e6, calls[EVENTS / 2] / 1e3,
          calls[EVENTS * 99 / 100] / 1e3, calls[EVENTS - 1] / 1e6);
      // Nothing waits on the network: configuring costs class loading (Log4j2, kafka-clients)
      // and parsing, ~0.5-2 s in a fresh JVM; a log call is an encode and a queue append. The
      // bounds leave room for class loading, a GC pause and a busy shared 2-core CI machine;
      // Log4j2's KafkaAppender spends max.block.ms (60 s by default) here.
      assertThat(configNanos).isLessThan(TimeUnit.SECONDS.toNanos(10));
      assertThat(calls[EVENTS - 1]).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
      assertThat(calls[EVENTS * 99 / 100]).isLessThan(TimeUnit.MILLISECONDS.toNanos(1));
      assertThat(appender.producerMetrics().sent()).isZero();
      assertThat(appender.producerMetrics().dropped()).isZero();

      kafka.start();
      kafka.createTopic("late", 3);
      List<ConsumerRecord<byte[], byte[]>> got = kafka.consumeAll("late", EVENTS,
          Duration.ofSeconds(90));
      Set<Object> messages = new HashSet<>();
      got.forEach(r -> messages.add(KafkaIt.json(r).get("message")));
      assertThat(messages).hasSize(EVENTS).contains("while down 0", "while down 19999");
      ctx.stop(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopWithATimeoutReturnsByItAndReportsWhatWasNotSentWhileKafkaIsDown() {
    int deadPort = InProcessKafka.freePort();
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      LoggerContext ctx = TestLogging.start("down-at-stop", "kafka-plain.xml", Map.of(
          "test.destination", "kafka://127.0.0.1:" + deadPort, "test.topic", "never",
          "test.appender", "DOWN_AT_STOP"));
      Logger log = ctx.getLogger("app");
      for (int i = 0; i < 1000; i++) {
        log.info("never delivered {}", i);
      }
      long t0 = System.nanoTime();
      ctx.stop(3, TimeUnit.SECONDS);
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("stop(3 s) with Kafka down took " + stopMs + " ms");

      assertThat(stopMs).isBetween(1_000L, 4_000L);
      assertThat(status.messages()).anySatisfy(m -> assertThat(m)
          .contains("DOWN_AT_STOP", "records undelivered", "pending=1000"));
    } finally {
      status.detach();
    }
  }

  @Test
  void stopWithoutATimeoutUsesCloseTimeoutWhileKafkaIsDown() {
    int deadPort = InProcessKafka.freePort();
    LoggerContext ctx = TestLogging.start("down-no-timeout", "kafka-plain.xml", Map.of(
        "test.destination", "kafka://127.0.0.1:" + deadPort, "test.topic", "never",
        "test.appender", "DOWN_DEFAULT", "test.closeTimeout", "2s"));
    ctx.getLogger("app").info("never delivered");
    long t0 = System.nanoTime();
    ctx.stop(); // what Log4j2's shutdown hook does: no timeout
    long stopMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("stop() with closeTimeout=2s and Kafka down took " + stopMs + " ms");
    assertThat(stopMs).isBetween(1_000L, 3_500L);
  }
}

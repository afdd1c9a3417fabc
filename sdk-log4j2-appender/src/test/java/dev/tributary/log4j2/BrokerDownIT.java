package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.NeverWaits;
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
 *
 * <p>Every wait a blocking implementation could sit in costs an hour here ({@code
 * kafka-down.xml}, {@link NeverWaits}), so "does not wait" is told from "waits" without timing
 * the machine.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerDownIT {
  private static final int EVENTS = 20_000;

  /** System properties for kafka-down.xml besides those naming the appender. */
  private static Map<String, String> down(String destination, String topic, String appender,
      String closeTimeout) {
    return Map.of("test.destination", destination, "test.topic", topic,
        "test.appender", appender, "test.closeTimeout", closeTimeout,
        "test.networkWait", NeverWaits.NETWORK_WAIT.toString(),
        "test.networkWaitMs", NeverWaits.networkWaitMillis());
  }

  @Test
  void kafkaDownAtStartupBlocksNeitherConfigurationNorLogCallsAndEventsArriveLater()
      throws Exception {
    int port = InProcessKafka.freePort();
    try (InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build()) {
      long t0 = System.nanoTime();
      LoggerContext ctx = NeverWaits.call("configuring Log4j2 with Kafka down",
          () -> TestLogging.start("down-at-start", "kafka-down.xml",
              down("kafka://127.0.0.1:" + port, "late", "LATE", "10s")));
      long configNanos = System.nanoTime() - t0;
      TributaryAppender appender = TestLogging.appender(ctx, "LATE");

      Logger log = ctx.getLogger("app");
      long[] calls = new long[EVENTS];
      NeverWaits.run(EVENTS + " log calls with Kafka down", () -> {
        for (int i = 0; i < EVENTS; i++) {
          long s = System.nanoTime();
          log.info("while down {}", i);
          calls[i] = System.nanoTime() - s;
        }
      });
      int slowestAt = 0;
      for (int i = 1; i < EVENTS; i++) {
        slowestAt = calls[i] > calls[slowestAt] ? i : slowestAt;
      }
      System.out.println("slowest call was #" + slowestAt);
      Arrays.sort(calls);
      // For the record only: how fast a call is, is for JMH (LogShippingBenchmark) to measure.
      System.out.printf("Kafka down: configuration took %.1f ms; log calls p50 %.1f us, "
          + "p99 %.1f us, max %.3f ms%n", configNanos / 1e6, calls[EVENTS / 2] / 1e3,
          calls[EVENTS * 99 / 100] / 1e3, calls[EVENTS - 1] / 1e6);
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
      // closeTimeout is not 3 s: the report names the deadline used, which must be the stop's.
      LoggerContext ctx = TestLogging.start("down-at-stop", "kafka-down.xml", down(
          "kafka://127.0.0.1:" + deadPort, "never", "DOWN_AT_STOP", "10s"));
      Logger log = ctx.getLogger("app");
      for (int i = 0; i < 1000; i++) {
        log.info("never delivered {}", i);
      }
      long t0 = System.nanoTime();
      NeverWaits.run("stop(3 s) with Kafka down", () -> ctx.stop(3, TimeUnit.SECONDS));
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("stop(3 s) with Kafka down took " + stopMs + " ms");

      // It waited for delivery (a lower bound: a busy machine only makes it longer), and the
      // deadline it gave up at was the 3 s it was given.
      assertThat(stopMs).isGreaterThanOrEqualTo(1_000L);
      assertThat(status.messages()).anySatisfy(m -> assertThat(m)
          .contains("DOWN_AT_STOP", "records undelivered", "pending=1000", "after PT3S"));
    } finally {
      status.detach();
    }
  }

  @Test
  void stopWithoutATimeoutUsesCloseTimeoutWhileKafkaIsDown() {
    int deadPort = InProcessKafka.freePort();
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      LoggerContext ctx = TestLogging.start("down-no-timeout", "kafka-down.xml", down(
          "kafka://127.0.0.1:" + deadPort, "never", "DOWN_DEFAULT", "2s"));
      ctx.getLogger("app").info("never delivered");
      long t0 = System.nanoTime();
      // What Log4j2's shutdown hook does: no timeout.
      NeverWaits.run("stop() with Kafka down", () -> ctx.stop());
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("stop() with closeTimeout=2s and Kafka down took " + stopMs + " ms");
      assertThat(stopMs).isGreaterThanOrEqualTo(1_000L);
      assertThat(status.messages()).anySatisfy(m -> assertThat(m)
          .contains("DOWN_DEFAULT", "records undelivered", "pending=1", "after PT2S"));
    } finally {
      status.detach();
    }
  }
}

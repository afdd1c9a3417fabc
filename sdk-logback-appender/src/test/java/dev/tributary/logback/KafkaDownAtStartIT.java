package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.NeverWaits;
import dev.tributary.testkit.Waits;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 2: with Kafka down when the application starts, configuring Logback and the first
 * log calls return at once; the events logged meanwhile arrive once Kafka is up, well within
 * the delivery timeout.
 */
class KafkaDownAtStartIT {
  private static final int EVENTS = 2_000;

  @Test
  void configurationAndFirstLogCallsReturnAtOnceAndEventsArriveOnceKafkaIsUp() throws Exception {
    int port = InProcessKafka.freePort();
    // No auto-creation: the test creates the topic once the broker is up, so the producer's
    // early metadata requests cannot race it.
    try (InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build()) {
      // Every wait of kafka-clients costs an hour here, so "returns at once" is told from
      // "waits on Kafka" without timing the machine: see NeverWaits.
      String xml = LogbackTesting.appenderXml("kafka://127.0.0.1:" + port, "late-logs", "INFO",
          "    <deliveryTimeout>2 minutes</deliveryTimeout>\n"
              + LogbackTesting.producerProperties(NeverWaits.kafkaProducerProperties()));

      long t0 = System.nanoTime();
      LoggerContext ctx = NeverWaits.call("configuring Logback with Kafka down",
          () -> LogbackTesting.configure(xml));
      long configureNanos = System.nanoTime() - t0;
      TributaryAppender appender = LogbackTesting.appender(ctx);
      assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
      Logger log = ctx.getLogger("com.acme.Startup");
      long slowest = NeverWaits.call(EVENTS + " log calls with Kafka down", () -> {
        long max = 0;
        for (int i = 0; i < EVENTS; i++) {
          long s = System.nanoTime();
          log.info("starting up, step {}", i);
          max = Math.max(max, System.nanoTime() - s);
        }
        return max;
      });
      System.out.printf("Kafka down: configuring Logback took %.1f ms, slowest of %d log calls "
          + "%.3f ms%n", configureNanos / 1e6, EVENTS, slowest / 1e6);
      ProducerMetrics metrics = appender.metrics();
      assertThat(metrics.sent()).isZero();
      assertThat(metrics.appended()).isEqualTo(EVENTS);

      kafka.start();
      kafka.createTopic("late-logs", 2);
      Waits.upTo(Duration.ofSeconds(90), () -> metrics.sent() >= EVENTS);
      assertThat(metrics.sent()).as(LogbackTesting.statusText(ctx)).isEqualTo(EVENTS);
      assertThat(metrics.dropped() + metrics.failed()).isZero();
      ctx.stop();
      assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).isEmpty();

      Set<String> messages = new HashSet<>();
      kafka.consumeAll("late-logs", EVENTS, Duration.ofSeconds(60)).forEach(r ->
          messages.add(LogbackTesting.json(r.value()).get("message").asText()));
      assertThat(messages).hasSize(EVENTS).contains("starting up, step 0",
          "starting up, step " + (EVENTS - 1));
    }
  }
}

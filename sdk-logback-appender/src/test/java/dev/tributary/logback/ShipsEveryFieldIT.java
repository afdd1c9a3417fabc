package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.DeliveryReport;
import dev.tributary.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Behaviour 1: 100,000 events from 4 threads all arrive in a real Kafka, every field right —
 * MDC, key-values, an exception with a cause, non-ASCII text — with key and headers.
 */
class ShipsEveryFieldIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private static final int THREADS = 4;
  private static final int PER_THREAD = 25_000;
  private static final String TEXT = "Grüße aus Zürich — 日本語 — 😀 \"quoted\"\ttabbed";

  @Test
  void hundredThousandEventsFromFourThreadsArriveWithEveryField() throws Exception {
    KAFKA.kafka().createTopic("every-field", 4);
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://" + KAFKA.bootstrapServers(), "every-field", "INFO",
        // Big enough that 4 threads logging flat out never overflow it, so nothing may drop.
        "    <bufferSize>512MB</bufferSize>\n"
            + "    <keyStrategy>mdc:requestId</keyStrategy>\n"
            + "    <closeTimeout>60 seconds</closeTimeout>\n"
            + "    <field>service=checkout</field>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    Logger log = ctx.getLogger("com.acme.checkout.Payments");

    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "app-worker"));
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> logMany(log, thread)));
    }
    for (Future<?> f : done) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    ctx.stop();
    DeliveryReport report = appender.closeReport();
    assertThat(report.sent()).as(report.toString()).isEqualTo(THREADS * PER_THREAD);
    assertThat(report.dropped() + report.failed() + report.pending()).isZero();

    List<ConsumerRecord<byte[], byte[]>> got =
        KAFKA.kafka().consumeAll("every-field", THREADS * PER_THREAD, Duration.ofSeconds(90));
    assertThat(got).hasSize(THREADS * PER_THREAD);
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      JsonNode json = LogbackTesting.json(r.value());
      int thread = json.get("thread_no").asInt();
      int seq = json.get("seq").asInt();
      String requestId = "req-" + thread + "-" + seq;
      assertThat(seen.add(requestId)).as("duplicate %s", requestId).isTrue();
      assertThat(json.get("message").asText()).isEqualTo(TEXT + " #" + seq);
      assertThat(json.get("logger_name").asText()).isEqualTo("com.acme.checkout.Payments");
      assertThat(json.get("thread_name").asText()).isEqualTo("app-worker");
      assertThat(json.get("level").asText()).isEqualTo(seq % 1000 == 0 ? "ERROR" : "INFO");
      assertThat(json.get("level_value").asInt()).isEqualTo(seq % 1000 == 0 ? 40000 : 20000);
      assertThat(json.get("requestId").asText()).isEqualTo(requestId);
      assertThat(json.get("tenant").asText()).isEqualTo("ténant-" + thread);
      assertThat(json.get("seq").isInt()).isTrue();
      assertThat(json.get("vip").isBoolean()).isTrue();
      assertThat(json.get("service").asText()).isEqualTo("checkout");
      assertThat(json.get("@timestamp").asText()).matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
      if (seq % 1000 == 0) {
        assertThat(json.get("stack_trace").asText())
            .startsWith("java.lang.IllegalStateException: payment " + seq + " failed")
            .contains("\nCaused by: java.io.IOException: gateway said ñö")
            .contains("\tat " + ShipsEveryFieldIT.class.getName());
      } else {
        assertThat(json.has("stack_trace")).isFalse();
      }
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(requestId);
      assertThat(LogbackTesting.header(r.headers(), "level")).isEqualTo(json.get("level").asText());
      assertThat(LogbackTesting.header(r.headers(), "logger"))
          .isEqualTo("com.acme.checkout.Payments");
      assertThat(LogbackTesting.header(r.headers(), "trace_id")).isEqualTo("trace-" + requestId);
    }
    assertThat(seen).hasSize(THREADS * PER_THREAD);
  }

  private static void logMany(Logger log, int thread) {
    MDC.put("tenant", "ténant-" + thread);
    try {
      for (int seq = 0; seq < PER_THREAD; seq++) {
        String requestId = "req-" + thread + "-" + seq;
        MDC.put("requestId", requestId);
        MDC.put("traceId", "trace-" + requestId);
        if (seq % 1000 == 0) {
          Exception e = new IllegalStateException("payment " + seq + " failed",
              new java.io.IOException("gateway said ñö"));
          log.atError().addKeyValue("thread_no", thread).addKeyValue("seq", seq)
              .addKeyValue("vip", seq % 2 == 0).setCause(e).log(TEXT + " #{}", seq);
        } else {
          log.atInfo().addKeyValue("thread_no", thread).addKeyValue("seq", seq)
              .addKeyValue("vip", seq % 2 == 0).log(TEXT + " #{}", seq);
        }
      }
    } finally {
      MDC.clear();
    }
  }
}

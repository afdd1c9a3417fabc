package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.NeverWaits;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events logged through {@code <Tributary>} arrive in a real Kafka, every field intact. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeliveryIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private static final int THREADS = 4;
  private static final int PER_THREAD = 25_000;
  private static final Marker AUDIT = MarkerManager.getMarker("AUDIT");
  private static final String TEXT = " ünïcödé ✓ \"quoted\"\n😀";

  @Test
  void ships100000EventsFromFourThreadsWithEveryFieldRight() throws Exception {
    KAFKA.kafka().createTopic("events", 3);
    LoggerContext ctx = TestLogging.start("delivery", "kafka-delivery.xml", Map.of(
        "test.destination", KafkaIt.destination(KAFKA.kafka()), "test.topic", "events"));
    TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
    long t0 = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String worker = "w" + t;
      Logger log = ctx.getLogger("com.acme.worker." + worker);
      workers.add(new Thread(() -> logEvents(log, worker), "worker-" + t));
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(w.isAlive()).as("worker %s finished", w.getName()).isFalse();
    }
    long logged = System.nanoTime() - t0;
    assertThat(ctx.stop(60, TimeUnit.SECONDS)).as("stop delivered everything").isTrue();
    System.out.printf("logged %d events in %d ms; logged-to-delivered %d ms; drops %d%n",
        THREADS * PER_THREAD, logged / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
        appender.producerMetrics().dropped());

    List<ConsumerRecord<byte[], byte[]>> records = KafkaIt.consume(KAFKA.kafka(), "events",
        THREADS * PER_THREAD, Duration.ofSeconds(90));
    assertThat(records).hasSize(THREADS * PER_THREAD);
    assertThat(appender.producerMetrics().dropped()).isZero();
    Map<String, Integer> lastSeq = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      checkRecord(r, lastSeq, seen);
    }
    assertThat(seen).hasSize(THREADS * PER_THREAD);
  }

  private static void logEvents(Logger log, String worker) {
    ThreadContext.put("worker", worker);
    for (int i = 0; i < PER_THREAD; i++) {
      ThreadContext.put("seq", Integer.toString(i));
      if (i % 10 == 0) {
        ThreadContext.put("traceId", worker + "-trace-" + i);
      } else {
        ThreadContext.remove("traceId");
      }
      if (i % 100 == 0) {
        log.error(AUDIT, "event {} {}{}", worker, i, TEXT,
            new IllegalStateException("outer " + i, new IOException("inner " + i)));
      } else {
        log.info("event {} {}{}", worker, i, TEXT);
      }
    }
    ThreadContext.clearMap();
  }

  /** Every field of one record; per worker (one key, one partition) the order is kept. */
  private static void checkRecord(ConsumerRecord<byte[], byte[]> r, Map<String, Integer> lastSeq,
      Set<String> seen) {
    Map<String, Object> json = KafkaIt.json(r);
    String worker = (String) json.get("worker");
    int seq = Integer.parseInt((String) json.get("seq"));
    String id = worker + "/" + seq;
    assertThat(seen.add(id)).as("duplicate %s", id).isTrue();
    Integer previous = lastSeq.put(worker, seq);
    assertThat(previous == null ? -1 : previous).as("order of %s", worker).isLessThan(seq);

    assertThat(json.get("message")).isEqualTo("event " + worker + " " + seq + TEXT);
    assertThat(json.get("logger_name")).isEqualTo("com.acme.worker." + worker);
    assertThat(json.get("thread_name")).isEqualTo("worker-" + worker.substring(1));
    assertThat(json.get("@version")).isEqualTo("1");
    assertThat(json.get("env")).isEqualTo("it");
    long at = OffsetDateTime.parse((String) json.get("@timestamp")).toInstant().toEpochMilli();
    assertThat(r.timestamp()).isEqualTo(at);
    assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(worker);
    assertThat(KafkaIt.header(r, "logger")).isEqualTo("com.acme.worker." + worker);
    assertThat(KafkaIt.header(r, "service")).isEqualTo("checkout");
    assertThat(KafkaIt.header(r, "trace_id"))
        .isEqualTo(seq % 10 == 0 ? worker + "-trace-" + seq : null);
    if (seq % 100 == 0) {
      assertThat(json).containsEntry("level", "ERROR").containsEntry("level_value", 40000);
      assertThat(KafkaIt.header(r, "level")).isEqualTo("ERROR");
      assertThat(json.get("tags")).isEqualTo(List.of("AUDIT"));
      assertThat((String) json.get("stack_trace"))
          .startsWith("java.lang.IllegalStateException: outer " + seq + "\n\tat ")
          .contains("\nCaused by: java.io.IOException: inner " + seq + "\n\t... ")
          .endsWith(" common frames omitted\n");
    } else {
      assertThat(json).containsEntry("level", "INFO").containsEntry("level_value", 20000)
          .doesNotContainKeys("stack_trace", "tags");
      assertThat(KafkaIt.header(r, "level")).isEqualTo("INFO");
    }
  }

  @Test
  void jsonTemplateLayoutReplacesTheDefaultJson() {
    KAFKA.kafka().createTopic("ecs", 1);
    LoggerContext ctx = TestLogging.start("ecs", "kafka-template-layout.xml", Map.of(
        "test.destination", KafkaIt.destination(KAFKA.kafka()), "test.topic", "ecs"));
    ctx.getLogger("app").warn("in ECS", new IllegalStateException("boom"));
    assertThat(ctx.stop(30, TimeUnit.SECONDS)).isTrue();

    List<ConsumerRecord<byte[], byte[]>> records = KafkaIt.consume(KAFKA.kafka(), "ecs", 1,
        Duration.ofSeconds(30));
    assertThat(records).hasSize(1);
    Map<String, Object> json = KafkaIt.json(records.get(0));
    assertThat(json).containsEntry("message", "in ECS").containsEntry("log.level", "WARN")
        .containsKeys("ecs.version", "error.stack_trace").doesNotContainKey("level_value");
    assertThat(KafkaIt.header(records.get(0), "level")).isEqualTo("WARN");
  }

  @Test
  void stopWithATimeoutFlushesAndReturnsWellInside() {
    KAFKA.kafka().createTopic("stop-flush", 1);
    LoggerContext ctx = TestLogging.start("stop", "kafka-plain.xml", Map.of(
        "test.destination", KafkaIt.destination(KAFKA.kafka()), "test.topic", "stop-flush",
        "test.appender", "STOP_FLUSH"));
    Logger log = ctx.getLogger("app");
    for (int i = 0; i < 5000; i++) {
      log.info("flush me {}", i);
    }
    // Given an hour, a stop that took its whole timeout instead of returning once everything
    // was delivered would overrun NeverWaits' bound; and an hour is sure to be enough to
    // deliver however busy the machine is.
    long t0 = System.nanoTime();
    boolean complete = NeverWaits.call("stop(1 hour) with Kafka up",
        () -> ctx.stop(1, TimeUnit.HOURS));
    long stopMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("stop with Kafka up took " + stopMs + " ms");

    assertThat(complete).isTrue();
    assertThat(KafkaIt.consume(KAFKA.kafka(), "stop-flush", 5000, Duration.ofSeconds(30)))
        .hasSize(5000);
  }
}

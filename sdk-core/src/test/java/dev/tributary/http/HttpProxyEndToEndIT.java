package dev.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100,000 records through each HTTP transport into a real in-process Kafka, via
 * {@link ProxyFixture} playing kafka-pixy and a REST v2 proxy. The proxy answers 503 for the
 * first part of the run; nothing may be lost, and Kafka must hold every record with its key
 * and header.
 */
class HttpProxyEndToEndIT {
  private static final int RECORDS = 100_000;
  private static final int DURING_OUTAGE = 20_000;

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static ProxyFixture proxy;

  @BeforeAll
  static void startProxy() {
    proxy = ProxyFixture.start(KAFKA.bootstrapServers());
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void pixyHttpDeliversEveryRecordThroughAnOutage() throws Exception {
    deliver(proxy.pixyDestination(), "pixy-e2e", "Seq", "pixy.max.in.flight", "256");
  }

  @Test
  void restHttpDeliversEveryRecordThroughAnOutage() throws Exception {
    deliver(proxy.restDestination(), "rest-e2e", "seq", "rest.headers", "true");
  }

  /**
   * @param headerName the header's name in Kafka: kafka-pixy title-cases header names
   */
  private static void deliver(String destination, String topic, String headerName,
      String... props) throws Exception {
    KAFKA.kafka().createTopic(topic, 3);
    TributaryConfig.Builder config = TributaryConfig.builder(destination).clientId(topic)
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .retryBackoff(Duration.ofMillis(50)).retryBackoffMax(Duration.ofMillis(500))
        .deliveryTimeout(Duration.ofMinutes(2));
    for (int i = 0; i < props.length; i += 2) {
      config.producerProperty(props[i], props[i + 1]);
    }
    long start = System.nanoTime();
    DeliveryReport report;
    try (TributaryProducer producer = TributaryProducer.create(config.build())) {
      proxy.unavailable(true);
      long before503 = proxy.answered503();
      for (int i = 0; i < DURING_OUTAGE; i++) {
        assertThat(producer.offer(record(topic, i))).isTrue();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (proxy.answered503() - before503 < 20 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      assertThat(proxy.answered503() - before503).as("503s answered").isGreaterThanOrEqualTo(20);
      assertThat(producer.metrics().sent()).isZero();
      proxy.unavailable(false);
      for (int i = DURING_OUTAGE; i < RECORDS; i++) {
        assertThat(producer.offer(record(topic, i))).isTrue();
      }
      report = producer.flush(Duration.ofSeconds(150));
      assertThat(producer.metrics().retried()).isPositive();
    }
    System.out.printf("%s: %,d records in %.1f s (%s), 503s answered so far %d%n", destination,
        RECORDS, (System.nanoTime() - start) / 1e9, report, proxy.answered503());
    assertThat(report.sent()).isEqualTo(RECORDS);
    assertThat(report.pending() + report.failed() + report.dropped()).isZero();
    assertThat(proxy.violations()).isEmpty();

    List<ConsumerRecord<byte[], byte[]>> got = KAFKA.kafka().consumeAll(topic, RECORDS,
        Duration.ofSeconds(60));
    Set<String> values = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      int i = Integer.parseInt(value.substring(value.lastIndexOf('-') + 1));
      values.add(value);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + (i % 100));
      Header h = r.headers().lastHeader(headerName);
      assertThat(h).as("header %s of %s", headerName, value).isNotNull();
      assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
    }
    assertThat(values).as("distinct records in Kafka").hasSize(RECORDS);
  }

  private static TributaryRecord record(String topic, int i) {
    return TributaryRecord.builder(topic).key("k" + (i % 100))
        .value("{\"msg\":\"event\",\"n\":\"" + topic + "-" + i)
        .header("seq", Integer.toString(i)).build();
  }
}

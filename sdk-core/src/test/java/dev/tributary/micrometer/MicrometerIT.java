package dev.tributary.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.DeliveryReport;
import dev.tributary.DropReason;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Micrometer meters of producers delivering into one real in-process broker. */
class MicrometerIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private static final int RECORDS = 1_000;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void detachFromGlobalRegistry() {
    Metrics.globalRegistry.remove(registry);
  }

  private TributaryConfig.Builder config(String clientId) {
    return TributaryConfig.builder("kafka://" + KAFKA.bootstrapServers())
        .clientId(clientId)
        .maxRecordBytes(1024)
        .diagnostics(Diagnostics.none());
  }

  @Test
  void producerBindsToTheGlobalRegistryCountsSentAndDroppedAndRemovesItsMetersOnClose() {
    TributaryProducer producer = TributaryProducer.create(config("it-meters").build());
    // Added after the producer bound its meters, as Spring Boot adds its registry.
    Metrics.globalRegistry.add(registry);

    offerRecordsAndOneTooLarge(producer, "meters-global");
    DeliveryReport flushed = producer.flush(Duration.ofSeconds(60));
    assertThat(flushed.pending()).isZero();

    assertThat(count("tributary.records.appended", "it-meters")).isEqualTo(RECORDS);
    assertThat(count("tributary.records.sent", "it-meters")).isEqualTo(RECORDS);
    assertThat(count("tributary.records.failed", "it-meters")).isZero();
    assertThat(registry.get("tributary.records.dropped").tag("client.id", "it-meters")
        .tag("reason", DropReason.RECORD_TOO_LARGE.name()).functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("tributary.records.dropped").tag("client.id", "it-meters")
        .tag("reason", DropReason.BUFFER_FULL.name()).functionCounter().count()).isZero();
    assertThat(registry.get("tributary.records.pending").tag("client.id", "it-meters").gauge()
        .value()).isZero();
    assertThat(registry.get("tributary.buffer.bytes").tag("client.id", "it-meters").gauge()
        .value()).isZero();
    assertThat(registry.get("tributary.batch.send").tag("client.id", "it-meters")
        .functionTimer().count()).isEqualTo(producer.metrics().batchesCompleted()).isPositive();
    // The time gauge holds seconds: milliseconds to seconds and back is not exact in binary
    // floating point (125.509292 came back as 125.50929199999999), so equal within a picosecond.
    assertThat(registry.get("tributary.batch.send.max").tag("client.id", "it-meters")
        .timeGauge().value(TimeUnit.MILLISECONDS))
        .isCloseTo(producer.metrics().batchSendLatencyMaxMs(), within(1e-9));

    producer.close(Duration.ofSeconds(30));

    assertThat(registry.find("tributary.records.sent").tag("client.id", "it-meters").meter())
        .isNull();
    assertThat(Metrics.globalRegistry.find("tributary.records.sent")
        .tag("client.id", "it-meters").meter()).isNull();
    assertThat(KAFKA.kafka().consumeAll("meters-global", RECORDS, Duration.ofSeconds(60)))
        .hasSize(RECORDS);
  }

  @Test
  void withAutomaticBindingOffOnlyTheExplicitBinderSeesTheProducer() {
    Metrics.globalRegistry.add(registry);
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    try (TributaryProducer producer = TributaryProducer.create(
        config("it-explicit").micrometerEnabled(false).build())) {
      TributaryMeterBinder binder = new TributaryMeterBinder(producer);
      binder.bindTo(own);

      offerRecordsAndOneTooLarge(producer, "meters-explicit");
      assertThat(producer.flush(Duration.ofSeconds(60)).pending()).isZero();

      assertThat(own.get("tributary.records.sent").tag("client.id", "it-explicit")
          .functionCounter().count()).isEqualTo(RECORDS);
      assertThat(own.get("tributary.records.dropped").tag("client.id", "it-explicit")
          .tag("reason", DropReason.RECORD_TOO_LARGE.name()).functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.find("tributary.records.sent").tag("client.id", "it-explicit")
          .meter()).isNull();

      binder.close();
      assertThat(own.getMeters()).isEmpty();
    }
  }

  private static void offerRecordsAndOneTooLarge(TributaryProducer producer, String topic) {
    byte[] line = new byte[200];
    for (int i = 0; i < RECORDS; i++) {
      assertThat(producer.offer(TributaryRecord.of(topic, line))).isTrue();
    }
    assertThat(producer.offer(TributaryRecord.of(topic, new byte[2048]))).isFalse();
  }

  private double count(String name, String clientId) {
    return registry.get(name).tag("client.id", clientId).functionCounter().count();
  }
}

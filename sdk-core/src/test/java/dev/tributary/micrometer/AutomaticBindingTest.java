package dev.tributary.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DropReason;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer's own binding to Micrometer's global registry; no broker needed. */
class AutomaticBindingTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void attach() {
    Metrics.globalRegistry.add(registry);
  }

  @AfterEach
  void detach() {
    Metrics.globalRegistry.remove(registry);
  }

  private static TributaryConfig.Builder config(String clientId) {
    // Nothing listens there: the producer starts anyway and no record needs delivering.
    return TributaryConfig.builder("kafka://127.0.0.1:1").clientId(clientId).maxRecordBytes(128)
        .jmxEnabled(false).diagnostics(Diagnostics.none());
  }

  @Test
  void producerBindsToTheGlobalRegistryUntilItIsClosed() {
    TributaryProducer producer = TributaryProducer.create(config("auto-bind").build());

    assertThat(producer.offer(TributaryRecord.of("t", new byte[129]))).isFalse();
    assertThat(registry.get("tributary.records.dropped").tag("client.id", "auto-bind")
        .tag("reason", DropReason.RECORD_TOO_LARGE.name()).functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("tributary.records.appended").tag("client.id", "auto-bind")
        .functionCounter().count()).isZero();

    producer.close(Duration.ofSeconds(5));
    assertThat(registry.find("tributary.records.dropped").tag("client.id", "auto-bind").meters())
        .isEmpty();
  }

  @Test
  void micrometerEnabledFalseBindsNothingAndSurvivesToBuilder() {
    TributaryConfig off = config("auto-off").micrometerEnabled(false).build();
    assertThat(off.toBuilder().build().micrometerEnabled()).isFalse();
    assertThat(config("auto-on").build().micrometerEnabled()).isTrue();

    try (TributaryProducer producer = TributaryProducer.create(off)) {
      assertThat(producer.metrics().appended()).isZero();
      assertThat(registry.find("tributary.records.appended").tag("client.id", "auto-off")
          .meter()).isNull();
    }
  }
}

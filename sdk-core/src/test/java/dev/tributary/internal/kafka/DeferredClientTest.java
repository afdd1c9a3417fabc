package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.RecordingCallback;
import dev.tributary.spi.Destination;
import dev.tributary.testkit.RecordingDiagnostics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * While SLF4J initialises (Logback reading its file on the first getLogger), the Kafka client
 * is not created: batches wait for a retry. Once logging is up the first batch creates it; if
 * that fails, the reason is reported once as an error and every record fails with it.
 */
class DeferredClientTest {
  private static final List<TributaryRecord> TWO = List.of(
      TributaryRecord.of("t", "a".getBytes()), TributaryRecord.of("t", "b".getBytes()));

  private static Map<String, Object> properties(Map<String, String> user) {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .producerProperties(user).build();
    return KafkaTransportProvider.properties(Destination.parse("kafka://127.0.0.1:9"), config);
  }

  @Test
  void whileLoggingStartsBatchesWaitAndAClientThatCannotBeCreatedFailsThemNamingWhy()
      throws Exception {
    AtomicBoolean starting = new AtomicBoolean(true);
    RecordingDiagnostics status = new RecordingDiagnostics();
    KafkaTransport transport = new KafkaTransport(properties(Map.of(
        "security.protocol", "SSL", "ssl.keystore.location", "/no/such/keystore.p12",
        "ssl.keystore.password", "changeit")), status, starting::get);
    try {
      RecordingCallback waiting = new RecordingCallback(2);
      transport.send(RecordingCallback.batch(TWO), waiting);
      waiting.await(Duration.ofSeconds(5));
      assertThat(waiting.count(RecordingCallback.Kind.RETRIABLE)).isEqualTo(2);
      assertThat(waiting.get(0).cause()).isInstanceOf(TributaryException.class)
          .hasMessageContaining("created once logging has started");

      starting.set(false);
      for (int round = 0; round < 2; round++) {
        RecordingCallback failed = new RecordingCallback(2);
        transport.send(RecordingCallback.batch(TWO), failed);
        failed.await(Duration.ofSeconds(5));
        assertThat(failed.count(RecordingCallback.Kind.FATAL)).isEqualTo(2);
        assertThat(failed.get(1).cause()).isInstanceOf(TributaryConfigException.class)
            .hasMessageContaining("producerProperty.ssl.keystore.location");
      }
      assertThat(status.lines).filteredOn(l -> l.startsWith("ERROR Cannot create the Kafka "
          + "producer")).hasSize(1);
    } finally {
      transport.close(Duration.ZERO);
    }
  }

  @Test
  void onceLoggingIsUpTheClientIsCreatedAtOnceAsBefore() {
    RecordingDiagnostics status = new RecordingDiagnostics();
    try {
      new KafkaTransport(properties(Map.of("security.protocol", "SSL",
          "ssl.keystore.location", "/no/such/keystore.p12", "ssl.keystore.password",
          "changeit")), status, () -> false);
      throw new AssertionError("created");
    } catch (TributaryConfigException e) {
      assertThat(e.setting()).isEqualTo("producerProperty.ssl.keystore.location");
    }
  }
}

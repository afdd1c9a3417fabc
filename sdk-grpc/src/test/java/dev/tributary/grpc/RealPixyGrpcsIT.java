package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import dev.tributary.testkit.RecordingDiagnostics;
import dev.tributary.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer API through {@code pixy+grpcs} against the real kafka-pixy (from
 * {@code ../shared/peers}; skipped without it) serving TLS with a certificate from a self-made
 * CA, in front of an in-process Kafka: with the CA configured as the docs show, every record
 * reaches Kafka; a client that does not trust the CA, or reaches kafka-pixy by a name its
 * certificate does not hold, gets counted failures whose statuses name the TLS problem and the
 * destination.
 */
class RealPixyGrpcsIT {
  /** kafka-pixy ignores it; sent to show a configured credential changes nothing here. */
  private static final String TOKEN = "Real-Pixy-Grpcs-T0ken";
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.of(InProcessKafka.builder()
      .brokerConfig("auto.create.topics.enable", "false"));
  @TempDir
  static Path dir;
  private static Path caPem;
  private static KafkaPixy pixy;

  @BeforeAll
  static void startPixy() {
    TestCa ca = TestCa.create("pixy-ca");
    caPem = ca.writePem(dir.resolve("pixy-ca.pem"));
    // Only the address clients use: a client reaching it as "localhost" must refuse it.
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).flushFrequency(Duration.ofMillis(5))
        .tls(ca.issue("kafka-pixy", "127.0.0.1"), ca, dir).start();
  }

  @AfterAll
  static void stopPixy() {
    if (pixy != null) {
      pixy.close();
    }
  }

  private static TributaryConfig.Builder trusting(String destination) {
    return TributaryConfig.builder(destination).jmxEnabled(false)
        .producerProperty(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, caPem.toString())
        .producerProperty(PixyGrpcProperties.AUTH_BEARER, TOKEN);
  }

  @Test
  void withTheCaConfiguredEveryRecordReachesKafkaOverTls() {
    String topic = "grpcs-logs";
    int records = 2_000;
    KAFKA.kafka().createTopic(topic, 3);
    assertThat(pixy.grpcDestination()).startsWith("pixy+grpcs://127.0.0.1:");
    try (TributaryProducer p = TributaryProducer.create(trusting(pixy.grpcDestination())
        .build())) {
      for (int i = 0; i < records; i++) {
        assertThat(p.offer(record(topic, "r" + i))).isTrue();
      }
      DeliveryReport r = p.flush(Duration.ofMinutes(1));
      assertThat(r.sent()).as(r.toString()).isEqualTo(records);
      assertThat(r.failed() + r.dropped()).isZero();
    }
    Set<String> values = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, records, Duration.ofSeconds(60))
        .forEach(c -> values.add(new String(c.value(), StandardCharsets.UTF_8)));
    assertThat(values).hasSize(records).contains("r0", "r" + (records - 1));
  }

  @Test
  void aClientThatDoesNotTrustTheCaCountsTheFailureAndNamesPkixAndTheDestination()
      throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = TributaryConfig.builder(pixy.grpcDestination()).jmxEnabled(false)
        .diagnostics(status).deliveryTimeout(Duration.ofSeconds(2))
        .retryBackoffMax(Duration.ofMillis(200)).build();
    Throwable failure = failOne(config, "grpcs-untrusted", status);
    assertThat(failure).isInstanceOf(DeliveryTimeoutException.class)
        .hasMessageContaining(pixy.grpcDestination())
        .hasMessageContaining("PKIX path building failed");
    assertThat(headline(status, "Retrying delivery")).contains(pixy.grpcDestination())
        .contains("TLS handshake with kafka-pixy failed: SSLHandshakeException: PKIX path building "
            + "failed")
        .contains("set grpc.tls.truststore.path to the CA that signed it");
  }

  @Test
  void aCertificateForAnotherHostIsRefusedNamingTheHost() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    String destination = "pixy+grpcs://localhost:" + pixy.grpcPort();
    TributaryConfig config = trusting(destination).diagnostics(status)
        .deliveryTimeout(Duration.ofSeconds(2)).retryBackoffMax(Duration.ofMillis(200)).build();
    Throwable failure = failOne(config, "grpcs-wrong-host", status);
    assertThat(failure).isInstanceOf(DeliveryTimeoutException.class)
        .hasMessageContaining(destination).hasMessageContaining("localhost");
    assertThat(headline(status, "Retrying delivery")).contains(destination)
        .contains("TLS handshake with kafka-pixy failed")
        // Netty's OpenSSL engine words it so; the JDK's engine "No subject alternative ...".
        .contains("No name matching localhost found")
        .contains("kafka-pixy's certificate does not name localhost").doesNotContain(TOKEN);
  }

  /**
   * Sends one record that cannot be delivered; checks it is counted as failed, and returns
   * its cause.
   */
  private static Throwable failOne(TributaryConfig config, String topic,
      RecordingDiagnostics status) throws Exception {
    try (TributaryProducer p = TributaryProducer.create(config)) {
      CompletableFuture<RecordMetadata> f = p.send(record(topic, "x"));
      DeliveryReport r = p.flush(Duration.ofSeconds(30));
      assertThat(r.failed()).as(r + "\n" + status).isEqualTo(1);
      assertThat(p.metrics().failed()).isEqualTo(1);
      assertThat(p.metrics().retried()).as("retried: TLS trouble may be fixed").isPositive();
      try {
        f.get(30, TimeUnit.SECONDS);
        throw new AssertionError("delivered: " + f.join());
      } catch (ExecutionException e) {
        return e.getCause();
      }
    }
  }

  /** The message of the first status line holding {@code fragment}, without its trace. */
  private static String headline(RecordingDiagnostics status, String fragment) {
    String line = status.first(fragment);
    assertThat(line).as(status.toString()).isNotNull();
    return line.lines().findFirst().orElseThrow();
  }

  private static TributaryRecord record(String topic, String value) {
    return TributaryRecord.of(topic, value.getBytes(StandardCharsets.UTF_8));
  }
}

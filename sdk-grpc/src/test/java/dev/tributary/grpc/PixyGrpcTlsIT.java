package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.grpc.testkit.TestCerts;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code pixy+grpcs://} end to end: mutual TLS with keytool-made certificates, into Kafka. */
class PixyGrpcTlsIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @Test
  void recordsArriveThroughMutualTls(@TempDir Path dir) throws Exception {
    TestCerts server = TestCerts.generate(dir, "pixy");
    TestCerts client = TestCerts.generate(dir, "app");
    KAFKA.kafka().createTopic("grpcs-logs", 1);
    try (FakePixy pixy = FakePixy.forwardingTo(KAFKA.bootstrapServers(), KAFKA.kafka().admin())
        .start(TlsServerCredentials.newBuilder().keyManager(server.keyManagers())
            .trustManager(client.certPem.toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())) {
      TributaryConfig cfg = TributaryConfig.builder("pixy+grpcs://localhost:" + pixy.port())
          .diagnostics(Diagnostics.none()).jmxEnabled(false)
          .producerProperty(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, server.certPem.toString())
          .producerProperty(PixyGrpcProperties.TLS_KEYSTORE_PATH, client.keyStore.toString())
          .producerProperty(PixyGrpcProperties.TLS_KEYSTORE_PASSWORD, TestCerts.PASSWORD)
          .producerProperty(PixyGrpcProperties.CLUSTER, FakePixy.CLUSTER)
          .build();
      try (TributaryProducer producer = TributaryProducer.create(cfg)) {
        for (int i = 0; i < 1000; i++) {
          producer.offer(TributaryRecord.builder("grpcs-logs").key("k" + i).value("v" + i)
              .build());
        }
        assertThat(producer.flush(Duration.ofSeconds(30)).sent()).isEqualTo(1000);
      }
    }
    assertThat(KAFKA.kafka().consumeAll("grpcs-logs", 1000, Duration.ofSeconds(30))).hasSize(1000);
  }
}

package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.grpc.testkit.ListBatch;
import dev.tributary.grpc.testkit.RecordingCallback;
import dev.tributary.grpc.testkit.TestCerts;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pixy+grpcs against servers with self-signed certificates made by keytool in the test. */
class TlsTest {
  @TempDir
  static Path dir;
  static TestCerts server;
  static TestCerts client;
  static FakePixy tls;
  static FakePixy mutual;

  @BeforeAll
  static void start() throws Exception {
    server = TestCerts.generate(dir, "server");
    client = TestCerts.generate(dir, "client");
    tls = FakePixy.standalone().start(TlsServerCredentials.newBuilder()
        .keyManager(server.keyManagers()).build());
    mutual = FakePixy.standalone().start(TlsServerCredentials.newBuilder()
        .keyManager(server.keyManagers()).trustManager(client.certPem.toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build());
  }

  @AfterAll
  static void stop() throws Exception {
    tls.close();
    mutual.close();
  }

  private static RecordingCallback.Outcome sendOne(String host, int port,
      Map<String, String> props) throws Exception {
    TributaryConfig c = TributaryConfig.builder("pixy+grpcs://" + host + ":" + port)
        .clientId("tls").diagnostics(Diagnostics.none()).jmxEnabled(false)
        .producerProperties(props).build();
    Transport t = new GrpcTransportProvider().create(c.destination(), c, Diagnostics.none());
    try {
      RecordingCallback cb = new RecordingCallback(1);
      t.send(ListBatch.of(TributaryRecord.of("logs", new byte[] {1})), cb);
      assertThat(cb.await(Duration.ofSeconds(15))).isTrue();
      return cb.get(0);
    } finally {
      t.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void aPemTrustStoreTrustsTheSelfSignedServer() throws Exception {
    assertThat(sendOne("127.0.0.1", tls.port(), Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PATH,
        server.certPem.toString())).kind()).isEqualTo("succeeded");
    assertThat(sendOne("localhost", tls.port(), Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PATH,
        server.certPem.toString())).kind()).isEqualTo("succeeded");
  }

  @Test
  void aPkcs12StoreWorksAsTrustStoreWithItsPassword() throws Exception {
    assertThat(sendOne("127.0.0.1", tls.port(), Map.of(
        PixyGrpcProperties.TLS_TRUSTSTORE_PATH, server.keyStore.toString(),
        PixyGrpcProperties.TLS_TRUSTSTORE_PASSWORD, TestCerts.PASSWORD)).kind())
        .isEqualTo("succeeded");
  }

  @Test
  void anUntrustedServerIsNeverSentTheRecord() throws Exception {
    int before = tls.calls.get();
    RecordingCallback.Outcome o = sendOne("127.0.0.1", tls.port(), Map.of());
    assertThat(o.kind()).as("the JVM's default trust store does not know the test CA")
        .isEqualTo("retriable");
    assertThat(o.cause()).hasMessageContaining("UNAVAILABLE");
    assertThat(tls.calls.get()).isEqualTo(before);
  }

  @Test
  void aClientCertificateFromAKeyStoreSatisfiesMutualTls() throws Exception {
    Map<String, String> props = new HashMap<>(Map.of(
        PixyGrpcProperties.TLS_TRUSTSTORE_PATH, server.certPem.toString()));
    assertThat(sendOne("127.0.0.1", mutual.port(), props).kind())
        .as("no client certificate").isEqualTo("retriable");
    props.put(PixyGrpcProperties.TLS_KEYSTORE_PATH, client.keyStore.toString());
    props.put(PixyGrpcProperties.TLS_KEYSTORE_PASSWORD, TestCerts.PASSWORD);
    assertThat(sendOne("127.0.0.1", mutual.port(), props).kind()).isEqualTo("succeeded");
  }

  @Test
  void aWrongTrustStorePasswordFailsAtStartupWithoutShowingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TributaryConfig
        .builder("pixy+grpcs://127.0.0.1:1").producerProperty(
            PixyGrpcProperties.TLS_TRUSTSTORE_PATH, server.keyStore.toString())
        .producerProperty(PixyGrpcProperties.TLS_TRUSTSTORE_PASSWORD, "wr0ng-pw").build())
        .hasMessageContaining("grpc.tls.truststore.password").hasMessageNotContaining("wr0ng-pw");
  }
}

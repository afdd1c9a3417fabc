package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.testkit.RecordingDiagnostics;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.TestCa;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pixy+grpcs} through the producer API to the in-process stand-in for kafka-pixy's gRPC
 * API, serving a certificate from a self-made CA: the bearer token reaches it over TLS, the CA
 * file's type follows its name, and a refusal that repeats the token shows it nowhere.
 */
class PixyGrpcsAuthIT {
  private static final String TOKEN = "Grpc-Bearer-T0ken";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  @TempDir
  static Path dir;
  static FakePixy pixy;
  static Path caPem;

  @BeforeAll
  static void start() throws Exception {
    TestCa ca = TestCa.create("pixy-ca");
    caPem = ca.writePem(dir.resolve("pixy-ca.pem"));
    HeldCertificate server = ca.issue("pixy", "127.0.0.1", "localhost");
    pixy = FakePixy.standalone().start(TlsServerCredentials.newBuilder().keyManager(
        stream(server.certificatePem() + ca.root().certificatePem()),
        stream(server.privateKeyPkcs8Pem())).build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (pixy != null) {
      pixy.close();
    }
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static TributaryConfig config(RecordingDiagnostics status) {
    return TributaryConfig.builder("pixy+grpcs://127.0.0.1:" + pixy.port())
        .diagnostics(status).jmxEnabled(false).deliveryTimeout(Duration.ofSeconds(5))
        .producerProperty(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, caPem.toString())
        .producerProperty(PixyGrpcProperties.AUTH_BEARER, TOKEN)
        .build();
  }

  private static CompletableFuture<RecordMetadata> sendOne(TributaryConfig config)
      throws Exception {
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("logs",
          new byte[] {1}));
      f.handle((md, e) -> null).get(30, TimeUnit.SECONDS);
      return f;
    }
  }

  @Test
  void theBearerTokenReachesThePixyOverTls() throws Exception {
    pixy.script = rq -> null;
    assertThat(sendOne(config(new RecordingDiagnostics())).get().topic()).isEqualTo("logs");
    assertThat(pixy.lastHeaders.get(AUTHORIZATION)).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aRefusalThatRepeatsTheTokenShowsItNowhere() throws Exception {
    pixy.script = rq -> Status.PERMISSION_DENIED.withDescription("token " + TOKEN
        + " may not write to logs").asRuntimeException();
    SecretScan scan = new SecretScan(List.of(TOKEN));
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = config(status);
    scan.add("config", config);
    Throwable failure = sendOne(config).handle((md, e) -> e).get();
    scan.addThrowable("future", failure);
    scan.add("status", status);
    assertThat(failure).isNotNull();
    assertThat(status.lines).as("the refusal was reported").isNotEmpty();
    scan.assertNoSecret();
  }
}

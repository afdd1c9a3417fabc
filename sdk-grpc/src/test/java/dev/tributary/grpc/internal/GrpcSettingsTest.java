package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryProducer;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.spi.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Destination and property validation, through {@code TributaryConfig.build()}. */
class GrpcSettingsTest {
  private static TributaryConfig.Builder config(String uri) {
    return TributaryConfig.builder(uri).diagnostics(Diagnostics.none()).jmxEnabled(false);
  }

  private static GrpcSettings settings(String uri, Map<String, String> props) {
    TributaryConfig c = config(uri).producerProperties(props).build();
    return GrpcSettings.parse(c.destination(), c);
  }

  private static TributaryConfigException rejected(String uri, Map<String, String> props) {
    try {
      config(uri).producerProperties(props).build();
    } catch (TributaryConfigException e) {
      return e;
    }
    throw new AssertionError("accepted " + props);
  }

  @Test
  void bothSchemesAreServedAndDefaultsApply() {
    GrpcSettings s = settings("pixy+grpc://pixy.internal", Map.of());
    assertThat(s.target()).isEqualTo("pixy.internal:19091");
    assertThat(s.tls).isFalse();
    assertThat(s.deadline).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.maxInFlight).isEqualTo(PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT);
    assertThat(s.maxInFlightBytes).isEqualTo(PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT_BYTES);
    assertThat(s.async).as("Kafka's confirmation unless chosen otherwise").isFalse();
    assertThat(s.keepAlive).isZero();
    assertThat(s.cluster).isEmpty();
    assertThat(s.metadata).isEmpty();
    assertThat(settings("pixy+grpcs://[::1]:443", Map.of()).tls).isTrue();
    assertThat(settings("PIXY+GRPCS://[::1]:443/", Map.of()).target()).isEqualTo("[::1]:443");
  }

  @Test
  void everyKeyIsRead() {
    GrpcSettings s = settings("pixy+grpc://h:1", Map.of(
        PixyGrpcProperties.DEADLINE_MS, "1500", PixyGrpcProperties.MAX_IN_FLIGHT, "7",
        PixyGrpcProperties.KEEPALIVE_MS, "60000", PixyGrpcProperties.AUTHORITY, "pixy:19091",
        PixyGrpcProperties.CLUSTER, "eu", PixyGrpcProperties.AUTH_BEARER, "tok3n",
        "grpc.metadata.X-Api-Key", "k3y", PixyGrpcProperties.MAX_IN_FLIGHT_BYTES, "65536",
        PixyGrpcProperties.ASYNC, "TRUE"));
    assertThat(s.maxInFlightBytes).isEqualTo(65536);
    assertThat(s.async).isTrue();
    assertThat(s.deadline).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.maxInFlight).isEqualTo(7);
    assertThat(s.keepAlive).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.authority).isEqualTo("pixy:19091");
    assertThat(s.cluster).isEqualTo("eu");
    assertThat(s.metadata).containsEntry("authorization", "Bearer tok3n")
        .containsEntry("x-api-key", "k3y");
  }

  @ParameterizedTest
  @CsvSource({
      "grpc.deadline.ms, 0, 1..3600000",
      "grpc.deadline.ms, soon, 1..3600000",
      "grpc.max.in.flight, 0, 1..65536",
      "grpc.max.in.flight, 70000, 1..65536",
      "grpc.keepalive.ms, 500, 10000..86400000",
      "grpc.max.in.flight.bytes, 1000, 1024..1073741824",
      "pixy.async, yes, true or false",
      "grpc.authority, 'a b', host or host:port",
      "grpc.deadline, 5, did you mean 'grpc.deadline.ms'",
      "pixy.clusters, x, did you mean 'pixy.cluster'",
      "grpc.retries, 3, unknown key",
      "acks, all, a Kafka producer property: it applies to kafka:// destinations only",
      "grpc.metadata.grpc-timeout, 1, must not start with grpc-",
      "grpc.metadata.trace-bin, 1, end with -bin",
      "grpc.metadata.content-type, x, reserved",
      "grpc.metadata.bad name, x, 0-9 a-z",
  })
  void aBadSettingFailsNamingTheKey(String key, String value, String allowed) {
    TributaryConfigException e = rejected("pixy+grpc://h:1", Map.of(key, value));
    assertThat(e.setting()).isEqualTo("producerProperty." + key.trim());
    assertThat(e).hasMessageContaining(allowed);
  }

  @Test
  void destinationsWithAPathOrSeveralHostsAreRejected() {
    assertThat(rejected("pixy+grpc://h:1/topics", Map.of())).hasMessageContaining("no path");
    assertThat(rejected("pixy+grpc://h:1,h2:1", Map.of()))
        .hasMessageContaining("exactly one kafka-pixy host");
    assertThat(rejected("pixy+grpc://h:1,h2:1", Map.of()).setting()).isEqualTo("destination");
  }

  @Test
  void tlsSettingsNeedTheTlsScheme() {
    TributaryConfigException e = rejected("pixy+grpc://h:1",
        Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PASSWORD, "pw-secret"));
    assertThat(e).hasMessageContaining("pixy+grpcs://").hasMessageNotContaining("pw-secret");
    assertThat(rejected("pixy+grpcs://h:1", Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_TYPE, "PEM")))
        .hasMessageContaining("only meaningful with grpc.tls.truststore.path");
    assertThat(rejected("pixy+grpcs://h:1", Map.of(PixyGrpcProperties.TLS_KEY_PASSWORD, "x")))
        .hasMessageContaining("only meaningful with grpc.tls.keystore.path");
  }

  @Test
  void missingOrUnreadableTrustMaterialFailsAtStartup(@TempDir Path dir) throws Exception {
    assertThat(rejected("pixy+grpcs://h:1",
        Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, dir.resolve("nope.pem").toString())))
        .hasMessageContaining("a readable file");
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    assertThat(rejected("pixy+grpcs://h:1",
        Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PATH, junk.toString())).setting())
        .isEqualTo("producerProperty.grpc.tls.truststore.path");
    assertThat(rejected("pixy+grpcs://h:1", Map.of(PixyGrpcProperties.TLS_TRUSTSTORE_PATH,
        junk.toString(), PixyGrpcProperties.TLS_TRUSTSTORE_TYPE, "DER")))
        .hasMessageContaining("PEM, PKCS12 or JKS");
  }

  @Test
  void secretsNeverAppearInMessagesOrToString() {
    String token = "tok en-with-space";
    TributaryConfigException e = rejected("pixy+grpc://h:1",
        Map.of(PixyGrpcProperties.AUTH_BEARER, token));
    assertThat(e).hasMessageNotContaining("tok en").hasMessageContaining("***");
    assertThat(rejected("pixy+grpc://h:1", Map.of("grpc.metadata.x-key", "v\u00e9ry-secret")))
        .hasMessageNotContaining("secret");
    assertThat(rejected("pixy+grpc://h:1", Map.of("sasl.jaas.config", "password=hunter2")))
        .hasMessageNotContaining("hunter2");
    assertThat(rejected("pixy+grpc://h:1", Map.of(PixyGrpcProperties.AUTH_BEARER, "abcd",
        "grpc.metadata.authorization", "Basic xyz"))).hasMessageContaining("set twice")
        .hasMessageNotContaining("abcd").hasMessageNotContaining("xyz");

    TributaryConfig c = config("pixy+grpc://127.0.0.1:1").producerProperty(
        PixyGrpcProperties.AUTH_BEARER, "t0p-s3cret").producerProperty("grpc.metadata.x-key",
        "an0ther-s3cret").build();
    GrpcSettings s = GrpcSettings.parse(c.destination(), c);
    assertThat(s.toString()).contains("authorization", "x-key").doesNotContain("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(s.revealsSecret("echo t0p-s3cret")).isTrue();
    assertThat(s.revealsSecret("all fine")).isFalse();
    try (TributaryProducer p = TributaryProducer.create(c)) {
      assertThat(p.toString()).doesNotContain("s3cret");
    }
  }
}

package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryException;
import dev.tributary.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each kafka-clients failure means for the record, and how the status line words it. */
class KafkaFailuresTest {
  private static final String DEST = "kafka://broker:9093";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final KafkaFailures scram = new KafkaFailures(Map.of("sasl.mechanism", "SCRAM-SHA-512",
      "security.protocol", "SASL_SSL"), DEST, NOW);

  @Test
  void aMissingAclIsFatalAndSaysWhichAclsAreNeeded() {
    TopicAuthorizationException e = new TopicAuthorizationException("Not authorized to access "
        + "topics: [logs]");
    assertThat(KafkaFailures.isRetriable(e)).isFalse();
    assertThat(scram.explain(e)).isInstanceOf(DeliveryFailedException.class).hasCause(e)
        .hasMessageContaining("Kafka at " + DEST + " denied authorization: Not authorized to "
            + "access topics: [logs]")
        .hasMessageContaining("WRITE and DESCRIBE").hasMessageContaining("without retries");
    KafkaException wrapped = new KafkaException("failed", new ClusterAuthorizationException(
        "Cluster authorization failed."));
    assertThat(KafkaFailures.isRetriable(wrapped)).isFalse();
    assertThat(scram.explain(wrapped)).hasMessageContaining("denied authorization");
  }

  @Test
  void refusedCredentialsAreRetriableAndNamedAsAuthentication() {
    SaslAuthenticationException e = new SaslAuthenticationException("Authentication failed "
        + "during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
    assertThat(KafkaFailures.isRetriable(e)).isTrue();
    Throwable x = scram.explain(e);
    assertThat(x).isInstanceOf(TributaryException.class).hasCause(e)
        .hasMessageStartingWith("Authentication with Kafka at " + DEST
            + " failed (SASL SCRAM-SHA-512): Authentication failed")
        .hasMessageContaining("sasl.jaas.config");
    assertThat(((TributaryException) x).isRetriable()).isTrue();
  }

  @Test
  void aFailedHandshakeIsRetriableAndShowsTheUnderlyingReason() {
    SslAuthenticationException e = new SslAuthenticationException("SSL handshake failed",
        new SSLHandshakeException("PKIX path building failed: unable to find valid "
            + "certification path to requested target"));
    assertThat(KafkaFailures.isRetriable(e)).isTrue();
    assertThat(scram.explain(e)).hasMessage("TLS handshake with Kafka at " + DEST + " failed: "
        + "SSL handshake failed: PKIX path building failed: unable to find valid certification "
        + "path to requested target. Check ssl.truststore.* (it must hold the CA that signed "
        + "the brokers' certificates)");
    KafkaFailures mtls = new KafkaFailures(Map.of("ssl.keystore.location", "/missing.p12"),
        DEST, NOW);
    assertThat(mtls.explain(e)).hasMessageContaining("and ssl.keystore.*");
  }

  @Test
  void otherErrorsKeepKafkasOwnSplitAndText() {
    NotLeaderOrFollowerException moved = new NotLeaderOrFollowerException("moved");
    RecordTooLargeException large = new RecordTooLargeException("too large");
    assertThat(KafkaFailures.isRetriable(moved)).isTrue();
    assertThat(KafkaFailures.isRetriable(large)).isFalse();
    assertThat(scram.explain(moved)).isSameAs(moved);
    assertThat(scram.explain(large)).isSameAs(large);
  }

  @Test
  void anExpiredClientCertificateIsNamedBeforeAnyHandshake(@TempDir Path dir) {
    TestCa ca = TestCa.create("ca");
    Path expired = TestCa.keyStore(dir.resolve("expired.p12"), ca.issueExpired("app"), ca,
        "ks-pa55");
    Path valid = TestCa.keyStore(dir.resolve("valid.p12"), ca.issue("app"), ca, "ks-pa55");
    Map<String, Object> props = Map.of("ssl.keystore.location", expired.toString(),
        "ssl.keystore.type", "PKCS12", "ssl.keystore.password", "ks-pa55");
    KafkaFailures f = new KafkaFailures(props, DEST, Instant.now());
    assertThat(f.certificateProblem()).startsWith("the client certificate CN=app")
        .contains("ssl.keystore.location " + expired, "expired at").doesNotContain("ks-pa55");
    assertThat(f.explain(new SslAuthenticationException("Failed to process post-handshake "
        + "messages", new SSLHandshakeException("Received fatal alert: certificate_unknown"))))
        .hasMessageContaining("certificate_unknown; the client certificate CN=app");
    assertThat(new KafkaFailures(Map.of("ssl.keystore.location", valid.toString(),
        "ssl.keystore.password", "ks-pa55"), DEST, Instant.now()).certificateProblem())
        .as("valid, and JKS (Kafka's default type) reads PKCS12 files").isNull();
    assertThat(new KafkaFailures(Map.of("ssl.keystore.location", expired.toString(),
        "ssl.keystore.password", "wrong"), DEST, Instant.now()).certificateProblem())
        .as("unreadable here: kafka-clients reports it at start").isNull();
  }

  @Test
  void aProducerThatCannotBeCreatedNamesTheSettingButNoSecret() {
    KafkaException keyStore = new KafkaException("Failed to construct kafka producer",
        new KafkaException("Failed to load SSL keystore /etc/client.p12 of type PKCS12",
            new IOException("keystore password was incorrect")));
    TributaryConfigException e = KafkaFailures.construction(keyStore,
        Map.of("ssl.keystore.location", "/etc/client.p12", "ssl.keystore.password", "ks-pa55"));
    assertThat(e.setting()).isEqualTo("producerProperty.ssl.keystore.location");
    assertThat(e).hasMessageContaining("'/etc/client.p12'")
        .hasMessageContaining("Failed to load SSL keystore /etc/client.p12 of type PKCS12: "
            + "keystore password was incorrect").hasMessageNotContaining("ks-pa55");
    TributaryConfigException jaas = KafkaFailures.construction(new KafkaException(
        "Failed to construct kafka producer", new IllegalArgumentException(
            "JAAS config entry not terminated by semi-colon")),
        Map.of("sasl.jaas.config", "x required password=\"jaas-pa55\""));
    assertThat(jaas.setting()).isEqualTo("producerProperty.sasl.jaas.config");
    assertThat(jaas).hasMessageContaining("<redacted>").hasMessageNotContaining("jaas-pa55");
  }
}

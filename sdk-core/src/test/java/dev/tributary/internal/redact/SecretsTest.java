package dev.tributary.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last line of defence: configured secrets never leave through messages or causes. */
class SecretsTest {
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule "
      + "required username=\"app-user\" password=\"jaas-pa55\";";

  @Test
  void findsSecretsByKeyAndInsideTheJaasConfig() {
    Secrets s = Secrets.of(Map.of("sasl.jaas.config", JAAS, "ssl.keystore.password", "ks-pa55",
        "http.auth.bearer", "t0ken-value", "grpc.metadata.x-api-key", "api-k3y",
        "sasl.oauthbearer.client.credentials.client.secret", "client-s3cret",
        "acks", "all", "ssl.keystore.location", "/etc/client.p12"));
    assertThat(s.redact("a jaas-pa55 b ks-pa55 c t0ken-value d api-k3y e client-s3cret"))
        .isEqualTo("a <redacted> b <redacted> c <redacted> d <redacted> e <redacted>");
    assertThat(s.redact("config: " + JAAS)).isEqualTo("config: <redacted>");
    assertThat(s.redact("user app-user, acks all, /etc/client.p12"))
        .as("a user name, settings and paths are not secrets")
        .isEqualTo("user app-user, acks all, /etc/client.p12");
  }

  @Test
  void theBasicAuthHeaderValueIsASecretToo() {
    Secrets s = Secrets.of(Map.of("http.auth.basic.user", "svc", "http.auth.basic.password",
        "s3cr3t-pw"));
    assertThat(s.redact("got Basic c3ZjOnMzY3IzdC1wdw==")).isEqualTo("got Basic <redacted>");
  }

  @Test
  void valuesTooShortToMatchSafelyAreLeftAlone() {
    Secrets s = Secrets.of(Map.of("ssl.key.password", "abc"));
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.redact("abc")).isEqualTo("abc");
  }

  @Test
  void aCleanFailureIsPassedOnAsIsAndALeakingOneIsReplaced() {
    Secrets s = Secrets.of(Map.of("http.auth.bearer", "t0ken-value"));
    IOException clean = new IOException("connection refused");
    assertThat(s.scrub(clean, false)).isSameAs(clean);

    Exception leaking = new IllegalStateException("proxy said 401",
        new IOException("invalid token t0ken-value"));
    Throwable retriable = s.scrub(leaking, false);
    assertThat(retriable).isInstanceOf(TributaryException.class).hasNoCause()
        .hasMessageContaining("proxy said 401").hasMessageContaining("invalid token <redacted>")
        .hasMessageNotContaining("t0ken-value");
    assertThat(((TributaryException) retriable).isRetriable()).isTrue();
    assertThat(s.scrub(leaking, true)).isInstanceOf(DeliveryFailedException.class)
        .hasMessageNotContaining("t0ken-value");
  }

  @Test
  void aRecordTheProxyAcceptedUnconfirmedStaysUnconfirmedThroughTheScrubbing() {
    Transport proxy = new Transport() {
      @Override
      public void send(Batch batch, BatchCallback callback) {
        callback.accepted(0, new RecordMetadata("t", -1, -1));
      }

      @Override
      public void close(Duration timeout) {}
    };
    List<String> outcomes = new ArrayList<>();
    RedactingTransport.wrap(proxy, Secrets.of(Map.of("http.auth.bearer", "t0ken-value")))
        .send(null, new BatchCallback() {
          @Override
          public void succeeded(int index, RecordMetadata metadata) {
            outcomes.add("succeeded");
          }

          @Override
          public void accepted(int index, RecordMetadata metadata) {
            outcomes.add("accepted");
          }

          @Override
          public void retriable(int index, Throwable cause, Duration retryAfter) {}

          @Override
          public void fatal(int index, Throwable cause) {}
        });
    assertThat(outcomes).containsExactly("accepted");
  }

  @Test
  void theConfigsDiagnosticsScrubMessagesAndCauses() {
    List<String> seen = new ArrayList<>();
    Diagnostics recording = new Diagnostics() {
      @Override
      public void info(String message) {
        seen.add(message);
      }

      @Override
      public void warn(String message, Throwable cause) {
        seen.add(message + " / " + cause);
      }

      @Override
      public void error(String message, Throwable cause) {
        seen.add(message + " / " + cause);
      }
    };
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092")
        .diagnostics(recording).jmxEnabled(false)
        .producerProperty("sasl.jaas.config", JAAS).build();
    config.diagnostics().info("using " + JAAS);
    config.diagnostics().warn("retrying", new IOException("bad password jaas-pa55"));
    config.diagnostics().error("failed jaas-pa55", null);
    assertThat(String.join("\n", seen)).doesNotContain("jaas-pa55").contains("<redacted>");
    assertThat(config.toBuilder().build().diagnostics())
        .as("deriving a config guards the application's diagnostics once, not twice")
        .isInstanceOf(RedactingDiagnostics.class)
        .extracting(RedactingDiagnostics::unwrap).isSameAs(recording);
    assertThat(TributaryConfig.builder("kafka://127.0.0.1:9092").diagnostics(recording)
        .jmxEnabled(false).build().diagnostics()).as("nothing to hide, nothing in between")
        .isSameAs(recording);
  }

  @Test
  void aGuardedTransportScrubsTheFailuresItReports() {
    Transport leaky = new Transport() {
      @Override
      public void send(Batch batch, BatchCallback callback) {
        callback.succeeded(0, new RecordMetadata("t", 0, 1));
        callback.retriable(1, new IOException("echo: t0ken-value"), Duration.ofSeconds(1));
        callback.fatal(2, new IOException("rejected t0ken-value"));
      }

      @Override
      public void close(Duration timeout) {}
    };
    List<Object> outcomes = new ArrayList<>();
    Transport guarded = RedactingTransport.wrap(leaky,
        Secrets.of(Map.of("http.auth.bearer", "t0ken-value")));
    guarded.send(new Batch() {
      @Override
      public int size() {
        return 3;
      }

      @Override
      public TributaryRecord record(int index) {
        return TributaryRecord.of("t", new byte[] {1});
      }

      @Override
      public long sizeInBytes() {
        return 3 * record(0).sizeInBytes();
      }
    }, new BatchCallback() {
      @Override
      public void succeeded(int index, RecordMetadata metadata) {
        outcomes.add(metadata);
      }

      @Override
      public void retriable(int index, Throwable cause, Duration retryAfter) {
        outcomes.add(retryAfter);
        outcomes.add(cause);
      }

      @Override
      public void fatal(int index, Throwable cause) {
        outcomes.add(cause);
      }
    });
    assertThat(outcomes).hasSize(4);
    assertThat(outcomes.get(0)).isEqualTo(new RecordMetadata("t", 0, 1));
    assertThat(outcomes.get(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(outcomes.toString()).doesNotContain("t0ken-value");
    assertThat(outcomes.get(3)).isInstanceOf(DeliveryFailedException.class);
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.testkit.MovableClock;
import dev.tributary.testkit.RecordingDiagnostics;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.SecureKafka;
import dev.tributary.testkit.TestCa;
import dev.tributary.testkit.Waits;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The producer API against a broker with secured listeners (one per class): SASL_SSL with
 * SCRAM-SHA-512 and mutual TLS deliver with the documented configuration; a wrong password, an
 * untrusted broker and an expired client certificate are retried and say which of
 * authentication or TLS failed; a user without a write ACL fails at once. Last, everything the
 * scenarios printed or exposed is searched for the secrets they used.
 *
 * <p>The blocks between {@code docs:begin} and {@code docs:end} are the documented ones
 * ({@link SecureDocsTest}), with {@code System.getenv} swapped for {@code env.apply}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureKafkaIT {
  @RegisterExtension
  static final SecureKafka KAFKA = new SecureKafka();
  static final String APP_PASSWORD = "Scram-App-P4ss";
  static final String LATE_PASSWORD = "Scram-Late-P4ss";
  static final String READER_PASSWORD = "Scram-Reader-P4ss";
  static final String WRONG_PASSWORD = "Wrong-Guess-P4ss";
  static final String KEYSTORE_PASSWORD = "Client-Keystore-P4ss";
  static final SecretScan SCAN = new SecretScan(List.of(APP_PASSWORD, LATE_PASSWORD,
      READER_PASSWORD, WRONG_PASSWORD, KEYSTORE_PASSWORD));
  static Path clientKeyStore;
  static Path expiredKeyStore;

  @BeforeAll
  static void usersCertificatesAndAcls() {
    KAFKA.createTopic("scram-logs");
    KAFKA.createTopic("mtls-logs");
    KAFKA.createTopic("denied-logs");
    KAFKA.createScramUser("app", APP_PASSWORD);
    KAFKA.createScramUser("reader", READER_PASSWORD);
    KAFKA.allowWrite("User:app", "scram-logs");
    KAFKA.allowWrite("User:late", "scram-logs");
    KAFKA.allowWrite("User:CN=app-client", "mtls-logs");
    clientKeyStore = KAFKA.clientKeyStore("client.p12", KAFKA.ca().issue("app-client"),
        KEYSTORE_PASSWORD);
    expiredKeyStore = KAFKA.clientKeyStore("expired.p12",
        KAFKA.ca().issueExpired("app-client"), KEYSTORE_PASSWORD);
    SCAN.captureStdStreams();
  }

  @AfterAll
  static void restore() {
    SCAN.restoreStdStreams();
  }

  /** The documented SASL_SSL + SCRAM-SHA-512 block. */
  static TributaryConfig.Builder scram(String destination, Function<String, String> env,
      RecordingDiagnostics diagnostics) {
    return TributaryConfig.builder(destination)
        // docs:begin producer-sasl-ssl
        .producerProperty("security.protocol", "SASL_SSL")
        .producerProperty("sasl.mechanism", "SCRAM-SHA-512")
        .producerProperty("sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + env.apply("KAFKA_USER") + "\""
                + " password=\"" + env.apply("KAFKA_PASSWORD") + "\";")
        .producerProperty("ssl.truststore.type", "PEM")
        .producerProperty("ssl.truststore.location", env.apply("KAFKA_CA_FILE"))
        // docs:end
        .diagnostics(diagnostics);
  }

  /** The documented mutual-TLS block. */
  static TributaryConfig.Builder mtls(String destination, Function<String, String> env,
      RecordingDiagnostics diagnostics) {
    return TributaryConfig.builder(destination)
        // docs:begin producer-mtls
        .producerProperty("security.protocol", "SSL")
        .producerProperty("ssl.truststore.type", "PEM")
        .producerProperty("ssl.truststore.location", env.apply("KAFKA_CA_FILE"))
        .producerProperty("ssl.keystore.type", "PKCS12")
        .producerProperty("ssl.keystore.location", env.apply("KAFKA_KEYSTORE_FILE"))
        .producerProperty("ssl.keystore.password", env.apply("KAFKA_KEYSTORE_PASSWORD"))
        // docs:end
        .diagnostics(diagnostics);
  }

  private static Function<String, String> scramEnv(String user, String password, Path ca) {
    return Map.of("KAFKA_USER", user, "KAFKA_PASSWORD", password, "KAFKA_CA_FILE",
        ca.toString())::get;
  }

  private static Function<String, String> mtlsEnv(Path keyStore, Path ca) {
    return Map.of("KAFKA_CA_FILE", ca.toString(), "KAFKA_KEYSTORE_FILE", keyStore.toString(),
        "KAFKA_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD)::get;
  }

  /** Sends {@code count} records to {@code topic}; returns each record's outcome. */
  private static List<Throwable> send(String scenario, TributaryConfig config, String topic,
      int count, Duration wait) throws Exception {
    return send(scenario, config, topic, count, wait, null);
  }

  /**
   * As above; with a {@code clock}, moves it past the delivery timeout once the records were
   * retried, so that they time out with the error of a failed attempt to tell, not before
   * one ended (a TLS handshake can take seconds on a busy machine).
   */
  private static List<Throwable> send(String scenario, TributaryConfig config, String topic,
      int count, Duration wait, MovableClock clock) throws Exception {
    SCAN.add(scenario + " config", config);
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    try (TributaryProducer producer = clock == null ? TributaryProducer.create(config)
        : new TributaryProducer(config, clock)) {
      for (int i = 0; i < count; i++) {
        futures.add(producer.send(TributaryRecord.of(topic, ("event " + i).getBytes())));
      }
      if (clock != null) {
        Waits.until(count + " records retried", wait,
            () -> producer.metrics().retried() >= count);
        clock.advance(config.deliveryTimeout());
      }
      for (CompletableFuture<RecordMetadata> f : futures) {
        try {
          f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
          failures.add(null);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
          SCAN.addThrowable(scenario + " future", e.getCause());
        }
      }
      SCAN.add(scenario + " metrics", producer.metrics());
      SCAN.addJmx("dev.tributary", "kafka.producer");
      for (Meter m : Metrics.globalRegistry.getMeters()) {
        SCAN.add(scenario + " Micrometer", m.getId());
      }
      SCAN.add(scenario + " producer", producer);
      SCAN.add(scenario + " close report", producer.close(Duration.ofSeconds(5)));
    }
    return failures;
  }

  /** Records that time out when the test moves the clock (see {@link #send}), not before. */
  private static TributaryConfig.Builder timedOutByTheTest(TributaryConfig.Builder b) {
    return b.deliveryTimeout(Duration.ofMinutes(10)).retryBackoffMax(Duration.ofMillis(500));
  }

  @Test
  @Order(1)
  void saslSslWithScramDeliversWithTheDocumentedConfiguration() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    List<Throwable> outcomes = send("scram", scram("kafka://" + KAFKA.saslSslBootstrap(),
        scramEnv("app", APP_PASSWORD, KAFKA.caPem()), status).build(), "scram-logs", 100,
        Duration.ofSeconds(60));
    SCAN.add("scram status", status);
    assertThat(outcomes).containsOnlyNulls().hasSize(100);
    assertThat(KAFKA.kafka().consumeAll("scram-logs", 100, Duration.ofSeconds(30)))
        .hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  @Order(2)
  void mutualTlsDeliversWithTheDocumentedConfiguration() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    List<Throwable> outcomes = send("mtls", mtls("kafka://" + KAFKA.mtlsBootstrap(),
        mtlsEnv(clientKeyStore, KAFKA.caPem()), status).build(), "mtls-logs", 100,
        Duration.ofSeconds(60));
    SCAN.add("mtls status", status);
    assertThat(outcomes).containsOnlyNulls().hasSize(100);
    assertThat(KAFKA.kafka().consumeAll("mtls-logs", 100, Duration.ofSeconds(30))).hasSize(100);
  }

  @Test
  @Order(3)
  void aWrongPasswordIsReportedAsAuthenticationAndRetriedUntilTheDeliveryTimeout()
      throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = timedOutByTheTest(scram("kafka://" + KAFKA.saslSslBootstrap(),
        scramEnv("app", WRONG_PASSWORD, KAFKA.caPem()), status)).build();
    List<Throwable> outcomes = send("wrong password", config, "scram-logs", 3,
        Duration.ofSeconds(30), new MovableClock());
    SCAN.add("wrong password status", status);
    assertThat(outcomes).hasSize(3).allSatisfy(e -> assertThat(e)
        .isInstanceOf(DeliveryTimeoutException.class)
        .hasMessageContaining("Authentication with Kafka at kafka://" + KAFKA.saslSslBootstrap()
            + " failed (SASL SCRAM-SHA-512)"));
    assertThat(status.first("Retrying delivery")).as(status.toString())
        .contains("Authentication with Kafka").contains("invalid credentials")
        .contains("Check the user name and password in sasl.jaas.config");
    assertThat(status.first("Delivery timed out")).contains("Authentication with Kafka");
  }

  @Test
  @Order(4)
  void credentialsThatReachTheBrokerAfterTheStartAreUsedWithoutARestart() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = scram("kafka://" + KAFKA.saslSslBootstrap(),
        scramEnv("late", LATE_PASSWORD, KAFKA.caPem()), status).build();
    SCAN.add("late config", config);
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("scram-logs",
          new byte[] {7}));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (status.first("Authentication with Kafka") == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(status.first("Retrying delivery")).as("the user does not exist yet")
          .contains("Authentication with Kafka");
      assertThat(f).isNotDone();
      KAFKA.createScramUser("late", LATE_PASSWORD);
      assertThat(f.get(60, TimeUnit.SECONDS).topic()).isEqualTo("scram-logs");
    }
    SCAN.add("late status", status);
  }

  @Test
  @Order(5)
  void anUntrustedBrokerIsReportedAsATlsHandshakeFailure() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    Path otherCa = TestCa.create("some-other-ca").writePem(KAFKA.dir().resolve("other-ca.pem"));
    List<Throwable> outcomes = send("untrusted", timedOutByTheTest(scram("kafka://"
        + KAFKA.saslSslBootstrap(), scramEnv("app", APP_PASSWORD, otherCa), status)).build(),
        "scram-logs", 2, Duration.ofSeconds(30), new MovableClock());
    SCAN.add("untrusted status", status);
    assertThat(outcomes).allSatisfy(e -> assertThat(e)
        .isInstanceOf(DeliveryTimeoutException.class).hasMessageContaining("TLS handshake"));
    assertThat(status.first("Retrying delivery")).as(status.toString())
        .contains("TLS handshake with Kafka at kafka://" + KAFKA.saslSslBootstrap() + " failed")
        .contains("PKIX path building failed").contains("Check ssl.truststore.*");
  }

  @Test
  @Order(6)
  void anExpiredClientCertificateIsNamedAtStartAndWhenTheHandshakeFails() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    List<Throwable> outcomes = send("expired", timedOutByTheTest(mtls("kafka://"
        + KAFKA.mtlsBootstrap(), mtlsEnv(expiredKeyStore, KAFKA.caPem()), status)).build(),
        "mtls-logs", 2, Duration.ofSeconds(30), new MovableClock());
    SCAN.add("expired status", status);
    assertThat(status.lines.get(0)).as("warned before any record was sent")
        .startsWith("WARN the client certificate CN=app-client (ssl.keystore.location "
            + expiredKeyStore + ") expired at ");
    assertThat(status.first("Retrying delivery")).as(status.toString())
        .contains("TLS handshake with Kafka at kafka://" + KAFKA.mtlsBootstrap() + " failed")
        .contains("certificate_unknown; the client certificate CN=app-client")
        .contains("and ssl.keystore.*");
    assertThat(outcomes).allSatisfy(e -> assertThat(e)
        .isInstanceOf(DeliveryTimeoutException.class).hasMessageContaining("expired at"));
  }

  @Test
  @Order(7)
  void aUserWithoutAWriteAclFailsAtOnceCountedAndWithoutRetries() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = scram("kafka://" + KAFKA.saslSslBootstrap(),
        scramEnv("reader", READER_PASSWORD, KAFKA.caPem()), status).build();
    SCAN.add("denied config", config);
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(producer.send(TributaryRecord.of("denied-logs", new byte[] {1})));
      }
      for (CompletableFuture<RecordMetadata> f : futures) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause()
            .isInstanceOf(DeliveryFailedException.class)
            .hasMessageContaining("Kafka at kafka://" + KAFKA.saslSslBootstrap()
                + " denied authorization: Not authorized to access topics: [denied-logs]")
            .hasMessageContaining("WRITE and DESCRIBE");
        SCAN.addThrowable("denied future", f.handle((v, e) -> e).get());
      }
      assertThat(producer.metrics().failed()).isEqualTo(5);
      assertThat(producer.metrics().retried()).isZero();
      SCAN.add("denied metrics", producer.metrics());
    }
    SCAN.add("denied status", status);
    assertThat(status.first("Delivery failed")).as(status.toString())
        .contains("denied authorization");
  }

  @Test
  @Order(8)
  void aKeyStoreItsPasswordDoesNotOpenStopsTheStartNamingTheFile() {
    RecordingDiagnostics status = new RecordingDiagnostics();
    Map<String, String> env = new HashMap<>(Map.of("KAFKA_CA_FILE", KAFKA.caPem().toString(),
        "KAFKA_KEYSTORE_FILE", clientKeyStore.toString(), "KAFKA_KEYSTORE_PASSWORD",
        WRONG_PASSWORD));
    TributaryConfig config = mtls("kafka://" + KAFKA.mtlsBootstrap(), env::get, status).build();
    assertThatThrownBy(() -> TributaryProducer.create(config))
        .isInstanceOfSatisfying(TributaryConfigException.class, e -> {
          SCAN.addThrowable("bad key store", e);
          assertThat(e.setting()).isEqualTo("producerProperty.ssl.keystore.location");
          assertThat(e).hasMessageContaining(clientKeyStore.toString())
              .hasMessageContaining("keystore password was incorrect");
        });
  }

  @Test
  @Order(100)
  void noSecretWasPrintedOrExposed() {
    SCAN.restoreStdStreams();
    assertThat(SCAN.size()).isGreaterThan(20);
    assertThat(SCAN.saw("JMX dev.tributary", "clientId")).as("JMX was looked at").isTrue();
    SCAN.assertNoSecret();
  }
}

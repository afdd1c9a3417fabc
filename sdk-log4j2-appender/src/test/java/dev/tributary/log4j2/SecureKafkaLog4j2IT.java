package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.DocBlocks;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.SecureKafka;
import dev.tributary.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented {@code log4j2.xml} blocks for SASL_SSL + SCRAM-SHA-512 and for mutual TLS
 * against one secured in-process broker, and the failures a user meets (wrong password,
 * untrusted broker, expired client certificate, no write ACL): the appender starts, logging
 * returns, the StatusLogger says what failed, events are counted. Last, nothing shown — the
 * StatusLogger at DEBUG ({@code status="debug"}), the console, JMX, reports — holds a secret.
 *
 * <p>The blocks read secrets with {@code ${env:…}}; a test cannot set its own environment, so
 * it runs them with {@code ${sys:…}} instead and sets system properties, which is the only
 * change to the documented text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureKafkaLog4j2IT {
  @RegisterExtension
  static final SecureKafka KAFKA = new SecureKafka();
  static final String APP_PASSWORD = "Log4j2-App-P4ss";
  static final String READER_PASSWORD = "Log4j2-Reader-P4ss";
  static final String WRONG_PASSWORD = "Log4j2-Wrong-P4ss";
  static final String KEYSTORE_PASSWORD = "Log4j2-Keystore-P4ss";
  static final SecretScan SCAN = new SecretScan(List.of(APP_PASSWORD, READER_PASSWORD,
      WRONG_PASSWORD, KEYSTORE_PASSWORD));
  static final AtomicInteger CONTEXTS = new AtomicInteger();
  static final List<String> STATUS = new CopyOnWriteArrayList<>();
  static final StatusListener LISTENER = new StatusListener() {
    @Override
    public void log(StatusData data) {
      STATUS.add(data.getLevel() + " " + data.getFormattedStatus());
    }

    @Override
    public Level getStatusLevel() {
      return Level.DEBUG;
    }

    @Override
    public void close() {}
  };
  static Path clientKeyStore;
  static Path expiredKeyStore;

  @BeforeAll
  static void setUp() {
    KAFKA.createTopic("log4j2-scram");
    KAFKA.createTopic("log4j2-mtls");
    KAFKA.createTopic("log4j2-denied");
    KAFKA.createScramUser("app", APP_PASSWORD);
    KAFKA.createScramUser("reader", READER_PASSWORD);
    KAFKA.allowWrite("User:app", "log4j2-scram");
    KAFKA.allowWrite("User:CN=app-client", "log4j2-mtls");
    clientKeyStore = KAFKA.clientKeyStore("client.p12", KAFKA.ca().issue("app-client"),
        KEYSTORE_PASSWORD);
    expiredKeyStore = KAFKA.clientKeyStore("expired.p12",
        KAFKA.ca().issueExpired("app-client"), KEYSTORE_PASSWORD);
    StatusLogger.getLogger().registerListener(LISTENER);
    SCAN.captureStdStreams();
  }

  @AfterAll
  static void tearDown() {
    SCAN.restoreStdStreams();
    StatusLogger.getLogger().removeListener(LISTENER);
  }

  /**
   * Starts a context of its own from a documented block pointed at {@code bootstrap} and
   * {@code topic}, with {@code extra} attributes on the appender and the block's values set
   * as system properties.
   */
  private static LoggerContext start(String block, String bootstrap, String topic,
      String extra, Map<String, String> values) throws Exception {
    values.forEach(System::setProperty);
    try {
      String appender = DocBlocks.resource(block).replace("${env:", "${sys:")
          .replace("kafka-1.example.com:9093", bootstrap)
          .replace("topic=\"app-logs\"", "topic=\"" + topic + "\" " + extra);
      Path file = KAFKA.dir().resolve("log4j2-" + CONTEXTS.incrementAndGet() + ".xml");
      Files.writeString(file, "<Configuration status=\"debug\">\n<Appenders>\n" + appender
          + "</Appenders>\n<Loggers><Root level=\"info\"><AppenderRef ref=\"Kafka\"/></Root>"
          + "</Loggers>\n</Configuration>\n");
      LoggerContext ctx = new LoggerContext("secure-" + CONTEXTS.get(), null, file.toUri());
      ctx.start();
      assertThat(appender(ctx)).as(String.join("\n", STATUS)).isNotNull();
      assertThat(appender(ctx).isStarted()).isTrue();
      return ctx;
    } finally {
      values.keySet().forEach(System::clearProperty);
    }
  }

  private static TributaryAppender appender(LoggerContext ctx) {
    return ctx.getConfiguration().getAppender("Kafka");
  }

  private static Map<String, String> scram(String user, String password, Path ca) {
    return Map.of("KAFKA_USER", user, "KAFKA_PASSWORD", password, "KAFKA_CA_FILE",
        ca.toString());
  }

  private static Map<String, String> mtls(Path keyStore) {
    return Map.of("KAFKA_CA_FILE", KAFKA.caPem().toString(), "KAFKA_KEYSTORE_FILE",
        keyStore.toString(), "KAFKA_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
  }

  private static void log(LoggerContext ctx, int events) {
    for (int i = 0; i < events; i++) {
      ctx.getLogger("com.acme.Checkout").info("order {} placed", i);
    }
  }

  private static ProducerMetrics await(LoggerContext ctx, Predicate<ProducerMetrics> done)
      throws InterruptedException {
    ProducerMetrics m = appender(ctx).producerMetrics();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.test(m) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return m;
  }

  /** Stops {@code ctx}; returns the status lines since {@code from}, kept for the scan. */
  private static String stop(String scenario, LoggerContext ctx, int from) {
    TributaryAppender appender = appender(ctx);
    SCAN.addJmx("dev.tributary", "kafka.producer");
    SCAN.add(scenario + " metrics", appender.producerMetrics());
    SCAN.add(scenario + " manager", appender.manager());
    ctx.stop();
    String status = String.join("\n", STATUS.subList(from, STATUS.size()));
    SCAN.add(scenario + " status", status);
    return status;
  }

  @Test
  @Order(1)
  void theSaslSslBlockShipsLogs() throws Exception {
    int from = STATUS.size();
    LoggerContext ctx = start("/secure/log4j2-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "log4j2-scram", "", scram("app", APP_PASSWORD, KAFKA.caPem()));
    log(ctx, 50);
    String status = stop("scram", ctx, from);
    assertThat(status).doesNotContain("WARN Retrying", "WARN Delivery");
    var records = KAFKA.kafka().consumeAll("log4j2-scram", 50, Duration.ofSeconds(30));
    assertThat(records).hasSize(50);
    assertThat(TestLogging.json(records.get(0).value()).get("message"))
        .isEqualTo("order 0 placed");
  }

  @Test
  @Order(2)
  void theMutualTlsBlockShipsLogs() throws Exception {
    int from = STATUS.size();
    LoggerContext ctx = start("/secure/log4j2-mtls.xml", KAFKA.mtlsBootstrap(), "log4j2-mtls",
        "", mtls(clientKeyStore));
    log(ctx, 50);
    String status = stop("mtls", ctx, from);
    assertThat(status).doesNotContain("WARN Retrying", "WARN Delivery");
    assertThat(KAFKA.kafka().consumeAll("log4j2-mtls", 50, Duration.ofSeconds(30))).hasSize(50);
  }

  @Test
  @Order(3)
  void aWrongPasswordIsReportedAsAuthenticationAndTheEventsAreCounted() throws Exception {
    int from = STATUS.size();
    LoggerContext ctx = start("/secure/log4j2-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "log4j2-scram", "deliveryTimeout=\"3s\"", scram("app", WRONG_PASSWORD, KAFKA.caPem()));
    log(ctx, 5);
    ProducerMetrics m = await(ctx, x -> x.failed() == 5);
    String status = stop("wrong password", ctx, from);
    assertThat(m.failed()).as(status).isEqualTo(5);
    assertThat(m.retried()).isPositive();
    assertThat(status).contains("Authentication with Kafka at kafka://"
        + KAFKA.saslSslBootstrap() + " failed (SASL SCRAM-SHA-512)");
  }

  @Test
  @Order(4)
  void anUntrustedBrokerAndAnExpiredCertificateAreReportedAsTlsFailures() throws Exception {
    Path otherCa = TestCa.create("other-ca").writePem(KAFKA.dir().resolve("log4j2-other.pem"));
    int from = STATUS.size();
    LoggerContext untrusted = start("/secure/log4j2-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "log4j2-scram", "deliveryTimeout=\"3s\"", scram("app", APP_PASSWORD, otherCa));
    log(untrusted, 2);
    assertThat(await(untrusted, x -> x.failed() == 2).failed()).isEqualTo(2);
    String status = stop("untrusted", untrusted, from);
    assertThat(status).contains("TLS handshake with Kafka at kafka://"
        + KAFKA.saslSslBootstrap() + " failed").contains("PKIX path building failed");

    from = STATUS.size();
    LoggerContext expired = start("/secure/log4j2-mtls.xml", KAFKA.mtlsBootstrap(),
        "log4j2-mtls", "deliveryTimeout=\"3s\"", mtls(expiredKeyStore));
    log(expired, 2);
    assertThat(await(expired, x -> x.failed() == 2).failed()).isEqualTo(2);
    status = stop("expired", expired, from);
    assertThat(status).contains("the client certificate CN=app-client (ssl.keystore.location "
        + expiredKeyStore + ") expired at ").contains("TLS handshake with Kafka");
  }

  @Test
  @Order(5)
  void aUserWithoutAWriteAclGetsAFatalCountedFailureWithoutRetries() throws Exception {
    int from = STATUS.size();
    LoggerContext ctx = start("/secure/log4j2-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "log4j2-denied", "", scram("reader", READER_PASSWORD, KAFKA.caPem()));
    log(ctx, 5);
    ProducerMetrics m = await(ctx, x -> x.failed() == 5);
    String status = stop("denied", ctx, from);
    assertThat(m.failed()).as(status).isEqualTo(5);
    assertThat(m.retried()).isZero();
    assertThat(status).contains("denied authorization: Not authorized to access topics: "
        + "[log4j2-denied]");
  }

  @Test
  @Order(100)
  void noSecretWasShown() {
    SCAN.restoreStdStreams();
    assertThat(SCAN.saw("scram status", "Building Plugin[name=Property"))
        .as("Log4j2's debug status was scanned").isTrue();
    assertThat(SCAN.saw("JMX dev.tributary", "clientId")).as("JMX was scanned").isTrue();
    SCAN.assertNoSecret();
  }
}

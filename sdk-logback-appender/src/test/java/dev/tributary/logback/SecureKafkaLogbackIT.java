package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.DocBlocks;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.SecureKafka;
import dev.tributary.testkit.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The documented {@code logback.xml} blocks for SASL_SSL + SCRAM-SHA-512 and for mutual TLS,
 * as a user pastes them ({@code ${KAFKA_PASSWORD}} resolved by Logback from a system property
 * or the environment), against one secured in-process broker; then the failures a user meets
 * (wrong password, untrusted broker, expired client certificate, no write ACL): the appender
 * starts, logging returns, the status says what failed, records are counted. Last, nothing
 * shown anywhere — statuses (with {@code debug="true"}), Kafka's own log lines, the console,
 * JMX, reports — holds a secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureKafkaLogbackIT {
  @RegisterExtension
  static final SecureKafka KAFKA = new SecureKafka();
  static final String APP_PASSWORD = "Logback-App-P4ss";
  static final String READER_PASSWORD = "Logback-Reader-P4ss";
  static final String WRONG_PASSWORD = "Logback-Wrong-P4ss";
  static final String KEYSTORE_PASSWORD = "Logback-Keystore-P4ss";
  static final SecretScan SCAN = new SecretScan(List.of(APP_PASSWORD, READER_PASSWORD,
      WRONG_PASSWORD, KEYSTORE_PASSWORD));
  static final ListAppender<ILoggingEvent> KAFKA_CLIENT_LOG = new ListAppender<>();
  static final List<String> KAFKA_CLIENT_LOGGERS = List.of("org.apache.kafka.clients",
      "org.apache.kafka.common.security", "org.apache.kafka.common.network",
      "org.apache.kafka.common.config");
  static Path clientKeyStore;
  static Path expiredKeyStore;

  @BeforeAll
  static void setUp() {
    KAFKA.createTopic("logback-scram");
    KAFKA.createTopic("logback-mtls");
    KAFKA.createTopic("logback-denied");
    KAFKA.createScramUser("app", APP_PASSWORD);
    KAFKA.createScramUser("reader", READER_PASSWORD);
    KAFKA.allowWrite("User:app", "logback-scram");
    KAFKA.allowWrite("User:CN=app-client", "logback-mtls");
    clientKeyStore = KAFKA.clientKeyStore("client.p12", KAFKA.ca().issue("app-client"),
        KEYSTORE_PASSWORD);
    expiredKeyStore = KAFKA.clientKeyStore("expired.p12",
        KAFKA.ca().issueExpired("app-client"), KEYSTORE_PASSWORD);
    // kafka-clients logs into the JVM's default context; keep its lines, its config dump too.
    LoggerContext jvm = (LoggerContext) LoggerFactory.getILoggerFactory();
    KAFKA_CLIENT_LOG.setContext(jvm);
    KAFKA_CLIENT_LOG.start();
    for (String name : KAFKA_CLIENT_LOGGERS) {
      jvm.getLogger(name).addAppender(KAFKA_CLIENT_LOG);
      jvm.getLogger(name).setLevel(Level.INFO);
      jvm.getLogger(name).setAdditive(false);
    }
    SCAN.captureStdStreams();
  }

  @AfterAll
  static void tearDown() {
    SCAN.restoreStdStreams();
    LoggerContext jvm = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (String name : KAFKA_CLIENT_LOGGERS) {
      jvm.getLogger(name).detachAppender(KAFKA_CLIENT_LOG);
      jvm.getLogger(name).setLevel(null);
      jvm.getLogger(name).setAdditive(true);
    }
  }

  /**
   * Configures a context from a documented block, pointed at {@code bootstrap} and
   * {@code topic}, with {@code extra} settings after the topic, and the values Logback
   * substitutes set as system properties (as {@code -DKAFKA_PASSWORD=...} would).
   */
  private static LoggerContext configure(String block, String bootstrap, String topic,
      String extra, Map<String, String> values) {
    values.forEach(System::setProperty);
    try {
      String xml = "<configuration debug=\"true\">\n"
          + DocBlocks.resource(block).replace("kafka-1.example.com:9093", bootstrap)
              .replace("<topic>app-logs</topic>", "<topic>" + topic + "</topic>" + extra)
          + "<root level=\"INFO\"><appender-ref ref=\"KAFKA\"/></root>\n</configuration>\n";
      LoggerContext ctx = LogbackTesting.configure(xml);
      assertThat(LogbackTesting.appender(ctx).isStarted()).as(LogbackTesting.statusText(ctx))
          .isTrue();
      return ctx;
    } finally {
      values.keySet().forEach(System::clearProperty);
    }
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


  /** Stops {@code ctx} and keeps everything it showed for the secret scan. */
  private static String stop(String scenario, LoggerContext ctx) {
    TributaryAppender appender = LogbackTesting.appender(ctx);
    SCAN.addJmx("dev.tributary", "kafka.producer");
    SCAN.add(scenario + " metrics", appender.metrics());
    ctx.stop();
    SCAN.add(scenario + " close report", appender.closeReport());
    String status = LogbackTesting.statusText(ctx);
    SCAN.add(scenario + " status", status);
    return status;
  }

  @Test
  @Order(1)
  void theSaslSslBlockShipsLogs() {
    LoggerContext ctx = configure("/secure/logback-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "logback-scram", "", scram("app", APP_PASSWORD, KAFKA.caPem()));
    log(ctx, 50);
    String status = stop("scram", ctx);
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).as(status).isEmpty();
    var records = KAFKA.kafka().consumeAll("logback-scram", 50, Duration.ofSeconds(30));
    assertThat(records).hasSize(50);
    assertThat(LogbackTesting.json(records.get(0).value()).get("message").asText())
        .isEqualTo("order 0 placed");
  }

  @Test
  @Order(2)
  void theMutualTlsBlockShipsLogs() {
    LoggerContext ctx = configure("/secure/logback-mtls.xml", KAFKA.mtlsBootstrap(),
        "logback-mtls", "", mtls(clientKeyStore));
    log(ctx, 50);
    String status = stop("mtls", ctx);
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).as(status).isEmpty();
    assertThat(KAFKA.kafka().consumeAll("logback-mtls", 50, Duration.ofSeconds(30)))
        .hasSize(50);
  }

  @Test
  @Order(3)
  void aWrongPasswordIsReportedAsAuthenticationAndTheEventsAreCounted() throws Exception {
    LoggerContext ctx = configure("/secure/logback-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "logback-scram", "<deliveryTimeout>3 seconds</deliveryTimeout>",
        scram("app", WRONG_PASSWORD, KAFKA.caPem()));
    log(ctx, 5);
    ProducerMetrics m = LogbackTesting.awaitMetrics(ctx, x -> x.failed() == 5);
    String status = stop("wrong password", ctx);
    assertThat(m.appended()).isEqualTo(5);
    assertThat(m.failed()).as(status).isEqualTo(5);
    assertThat(m.retried()).isPositive();
    assertThat(status).contains("Authentication with Kafka at kafka://"
        + KAFKA.saslSslBootstrap() + " failed (SASL SCRAM-SHA-512)").contains("Delivery timed out");
  }

  @Test
  @Order(4)
  void anUntrustedBrokerIsReportedAsATlsHandshakeFailure() throws Exception {
    Path otherCa = TestCa.create("other-ca").writePem(KAFKA.dir().resolve("logback-other.pem"));
    LoggerContext ctx = configure("/secure/logback-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "logback-scram", "<deliveryTimeout>3 seconds</deliveryTimeout>",
        scram("app", APP_PASSWORD, otherCa));
    log(ctx, 2);
    ProducerMetrics m = LogbackTesting.awaitMetrics(ctx, x -> x.failed() == 2);
    String status = stop("untrusted", ctx);
    assertThat(m.failed()).as(status).isEqualTo(2);
    assertThat(status).contains("TLS handshake with Kafka at kafka://"
        + KAFKA.saslSslBootstrap() + " failed").contains("PKIX path building failed");
  }

  @Test
  @Order(5)
  void anExpiredClientCertificateIsNamedWhenTheAppenderStarts() throws Exception {
    LoggerContext ctx = configure("/secure/logback-mtls.xml", KAFKA.mtlsBootstrap(),
        "logback-mtls", "<deliveryTimeout>3 seconds</deliveryTimeout>", mtls(expiredKeyStore));
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).anySatisfy(s -> assertThat(s)
        .startsWith("Tributary appender 'KAFKA': the client certificate CN=app-client (ssl.keystore.location "
            + expiredKeyStore + ") expired at "));
    log(ctx, 2);
    ProducerMetrics m = LogbackTesting.awaitMetrics(ctx, x -> x.failed() == 2);
    String status = stop("expired", ctx);
    assertThat(m.failed()).as(status).isEqualTo(2);
    assertThat(status).contains("TLS handshake with Kafka");
  }

  @Test
  @Order(6)
  void aUserWithoutAWriteAclGetsAFatalCountedFailureWithoutRetries() throws Exception {
    LoggerContext ctx = configure("/secure/logback-sasl-ssl.xml", KAFKA.saslSslBootstrap(),
        "logback-denied", "", scram("reader", READER_PASSWORD, KAFKA.caPem()));
    log(ctx, 5);
    ProducerMetrics m = LogbackTesting.awaitMetrics(ctx, x -> x.failed() == 5);
    String status = stop("denied", ctx);
    assertThat(m.failed()).as(status).isEqualTo(5);
    assertThat(m.retried()).isZero();
    assertThat(status).contains("denied authorization: Not authorized to access topics: "
        + "[logback-denied]").contains("WRITE and DESCRIBE");
  }

  @Test
  @Order(100)
  void noSecretWasShown() {
    SCAN.restoreStdStreams();
    List<ILoggingEvent> clientLog;
    synchronized (KAFKA_CLIENT_LOG) { // kafka-clients threads may still be appending
      clientLog = new ArrayList<>(KAFKA_CLIENT_LOG.list);
    }
    for (ILoggingEvent e : clientLog) {
      SCAN.add("kafka-clients log", e.getFormattedMessage() + (e.getThrowableProxy() == null
          ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(SCAN.saw("kafka-clients log", "sasl.jaas.config = [hidden]"))
        .as("Kafka's own config dump was scanned").isTrue();
    assertThat(SCAN.saw("JMX dev.tributary", "clientId")).as("JMX was scanned").isTrue();
    SCAN.assertNoSecret();
  }
}

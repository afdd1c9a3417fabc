package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.DocBlocks;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented {@code logback.xml} block for {@code pixy+https}, as a user pastes it
 * ({@code ${PIXY_CA_FILE}} and {@code ${PIXY_TOKEN_SECRET}} resolved by Logback, which blurs
 * the token in its own status lines because the name says "secret"), against the real
 * kafka-pixy (from {@code ../shared/peers}; skipped without it) serving TLS with a certificate
 * from a self-made CA: the events reach Kafka; pointed at another CA, the appender starts,
 * logging returns, the events are counted as failed and the status names the TLS problem. Last,
 * nothing shown anywhere — statuses with {@code debug="true"} and their exceptions, the console,
 * JMX, reports — holds the token or the server's key material.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealPixyHttpsLogbackIT {
  static final String TOKEN = "Logback-Pixy-T0ken";
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.of(InProcessKafka.builder());
  @TempDir
  static Path dir;
  static SecretScan scan;
  static Path caPem;
  static KafkaPixy pixy;

  @BeforeAll
  static void start() {
    TestCa ca = TestCa.create("pixy-ca");
    caPem = ca.writePem(dir.resolve("pixy-ca.pem"));
    HeldCertificate server = ca.issue("kafka-pixy", "127.0.0.1");
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).flushFrequency(Duration.ofMillis(5))
        .tls(server, ca, dir).start();
    List<String> secrets = new ArrayList<>(List.of(TOKEN));
    // Key material: each base64 line of the server's private key, and the CA's.
    for (String pem : List.of(server.privateKeyPkcs8Pem(), ca.root().privateKeyPkcs8Pem())) {
      pem.lines().filter(l -> !l.startsWith("-----")).forEach(secrets::add);
    }
    scan = new SecretScan(secrets);
    scan.captureStdStreams();
  }

  @AfterAll
  static void stop() {
    scan.restoreStdStreams();
    if (pixy != null) {
      pixy.close();
    }
  }

  /** A context from the documented block, with Logback's substitutions set as properties. */
  private static LoggerContext configure(String topic, String extra, Path ca) {
    Map<String, String> values = Map.of("PIXY_CA_FILE", ca.toString(), "PIXY_TOKEN_SECRET",
        TOKEN);
    values.forEach(System::setProperty);
    try {
      String xml = "<configuration debug=\"true\">\n"
          + DocBlocks.resource("/secure/logback-pixy-https.xml")
              .replace("pixy+https://pixy.example.com:19443", pixy.httpDestination())
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

  private static void log(LoggerContext ctx, int events) {
    for (int i = 0; i < events; i++) {
      ctx.getLogger("com.acme.Checkout").info("order {} placed", i);
    }
  }

  /** Stops {@code ctx} and keeps everything it showed for the secret scan. */
  private static String stop(String scenario, LoggerContext ctx) {
    TributaryAppender appender = LogbackTesting.appender(ctx);
    scan.addJmx("dev.tributary");
    scan.add(scenario + " metrics", appender.metrics());
    ctx.stop();
    scan.add(scenario + " close report", appender.closeReport());
    for (Status s : ctx.getStatusManager().getCopyOfStatusList()) {
      scan.add(scenario + " status", s.getMessage());
      if (s.getThrowable() != null) {
        scan.addThrowable(scenario + " status", s.getThrowable());
      }
    }
    return LogbackTesting.statusText(ctx);
  }

  @Test
  @Order(1)
  void theDocumentedBlockShipsLogsOverTls() {
    String topic = "logback-pixy-https";
    KAFKA.kafka().createTopic(topic, 1);
    LoggerContext ctx = configure(topic, "", caPem);
    TributaryAppender appender = LogbackTesting.appender(ctx);
    log(ctx, 200);
    String status = stop("trusted", ctx);
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).as(status).isEmpty();
    assertThat(appender.closeReport().sent()).as(status).isEqualTo(200);
    Set<String> messages = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, 200, Duration.ofSeconds(30)).forEach(r ->
        messages.add(LogbackTesting.json(r.value()).get("message").asText()));
    assertThat(messages).hasSize(200).contains("order 0 placed", "order 199 placed");
  }

  @Test
  @Order(2)
  void anotherCaIsReportedAsATlsFailureAndTheEventsAreCounted() throws Exception {
    Path otherCa = TestCa.create("other-ca").writePem(dir.resolve("other-ca.pem"));
    LoggerContext ctx = configure("logback-pixy-untrusted",
        "<deliveryTimeout>2 seconds</deliveryTimeout>", otherCa);
    log(ctx, 3);
    ProducerMetrics m = LogbackTesting.awaitMetrics(ctx, x -> x.failed() == 3);
    String status = stop("untrusted", ctx);
    assertThat(m.appended()).isEqualTo(3);
    assertThat(m.failed()).as(status).isEqualTo(3);
    assertThat(m.retried()).isPositive();
    assertThat(status).contains("POST https://127.0.0.1:" + pixy.httpPort()
        + "/topics/logback-pixy-untrusted/messages failed: TLS handshake with kafka-pixy failed: "
        + "SSLHandshakeException: PKIX path building failed");
  }

  @Test
  @Order(100)
  void noSecretWasShown() {
    scan.restoreStdStreams();
    assertThat(scan.saw("JMX dev.tributary", "clientId")).as("JMX was scanned").isTrue();
    assertThat(scan.saw("untrusted status", "PKIX")).as("failures were scanned").isTrue();
    scan.assertNoSecret();
  }

}

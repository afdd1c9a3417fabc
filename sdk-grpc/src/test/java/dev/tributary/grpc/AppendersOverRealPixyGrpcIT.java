package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.tributary.DeliveryReport;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both appenders with every default, as a new user configures them, shipping 20,000 events over
 * {@code pixy+grpc} through the real kafka-pixy (from {@code ../shared/peers}; skipped without
 * it) with its own default config, which answers a produce after its next flush (every
 * 500 ms); and through one flushing every 5 ms. Stopping the logging context with the
 * appender's default close timeout must leave every event in Kafka.
 */
class AppendersOverRealPixyGrpcIT {
  private static final int EVENTS = 20_000;

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static KafkaPixy pixy;
  private static KafkaPixy fastPixy;

  @BeforeAll
  static void startPixies() {
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).start();
    fastPixy = KafkaPixy.builder(KAFKA.bootstrapServers()).flushFrequency(Duration.ofMillis(5))
        .start();
  }

  @AfterAll
  static void stopPixies() {
    if (pixy != null) {
      pixy.close();
    }
    if (fastPixy != null) {
      fastPixy.close();
    }
  }

  @Test
  void logbackSendsTwentyThousandEventsThroughADefaultConfigKafkaPixyBeforeTheCloseTimeout()
      throws Exception {
    logback(pixy.grpcDestination(), "logback-grpc-default");
  }

  @Test
  void logbackSendsTwentyThousandEventsThroughAFiveMillisecondFlushKafkaPixy() throws Exception {
    logback(fastPixy.grpcDestination(), "logback-grpc-fast");
  }

  @Test
  void log4j2SendsTwentyThousandEventsThroughADefaultConfigKafkaPixyBeforeTheCloseTimeout()
      throws Exception {
    String topic = "log4j2-grpc-default";
    KAFKA.kafka().createTopic(topic, 3);
    String xml = "<Configuration status=\"warn\">\n"
        + "  <Appenders>\n"
        + "    <Tributary name=\"KAFKA\" destination=\"" + pixy.grpcDestination()
        + "\" topic=\"" + topic + "\" jmx=\"false\"/>\n"
        + "  </Appenders>\n"
        + "  <Loggers><Root level=\"info\"><AppenderRef ref=\"KAFKA\"/></Root></Loggers>\n"
        + "</Configuration>\n";
    org.apache.logging.log4j.core.LoggerContext ctx =
        new org.apache.logging.log4j.core.LoggerContext("log4j2-real-grpc");
    ctx.start(new XmlConfiguration(ctx, new ConfigurationSource(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
    ProducerMetrics metrics = ((dev.tributary.log4j2.TributaryAppender) ctx.getConfiguration()
        .getAppender("KAFKA")).producerMetrics();
    org.apache.logging.log4j.Logger log = ctx.getLogger("com.acme.Orders");
    long t0 = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      log.info("order {} placed", i);
    }
    long logged = System.nanoTime();
    ctx.stop(); // the appender's default closeTimeout
    System.out.printf("log4j2 %s: stop() took %.2f s after logging; %s%n",
        pixy.grpcDestination(), (System.nanoTime() - logged) / 1e9, metrics);
    assertThat(metrics.sent()).as(metrics.toString()).isEqualTo(EVENTS);
    assertThat(logged - t0).isPositive();
    assertThat(messages(topic)).hasSize(EVENTS);
  }

  private static void logback(String destination, String topic) throws Exception {
    KAFKA.kafka().createTopic(topic, 3);
    ch.qos.logback.classic.LoggerContext ctx = new ch.qos.logback.classic.LoggerContext();
    ctx.setName(topic);
    // SLF4J's provider on this class path is slf4j-simple; the context needs an MDC of its own.
    ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(ctx);
    configurator.doConfigure(new ByteArrayInputStream(("<configuration>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>" + destination + "</destination>\n"
        + "    <topic>" + topic + "</topic>\n"
        + "    <jmx>false</jmx>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>\n").getBytes(StandardCharsets.UTF_8)));
    dev.tributary.logback.TributaryAppender appender = (dev.tributary.logback.TributaryAppender)
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("KAFKA");
    assertThat(appender.isStarted()).isTrue();
    ch.qos.logback.classic.Logger log = ctx.getLogger("com.acme.Orders");
    long t0 = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      log.info("order {} placed", i);
    }
    long logged = System.nanoTime();
    ctx.stop(); // the appender's default closeTimeout
    DeliveryReport report = appender.closeReport();
    System.out.printf("logback %s: %,d events logged in %.2f s, stop() took %.2f s: %s%n",
        destination, EVENTS, (logged - t0) / 1e9, (System.nanoTime() - logged) / 1e9, report);
    assertThat(report.sent()).as(report.toString()).isEqualTo(EVENTS);
    assertThat(report.complete()).isTrue();
    assertThat(messages(topic)).hasSize(EVENTS);
  }

  private static Set<String> messages(String topic) {
    Set<String> out = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, EVENTS, Duration.ofSeconds(60)).forEach(r -> {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      int at = value.indexOf("order ");
      out.add(value.substring(at, value.indexOf('"', at)));
    });
    return out;
  }
}

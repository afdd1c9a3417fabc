package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ProducerMetrics;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.log4j2.TributaryAppender;
import dev.tributary.testkit.KafkaClusterExtension;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Log4j2 appender, unchanged, shipping through {@code pixy+grpc://} because sdk-grpc is on
 * the classpath: configured from XML like a log4j2.xml, through a kafka-pixy stand-in that
 * refuses the first calls with UNAVAILABLE, into a real in-process Kafka.
 */
class Log4j2OverGrpcIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static final int EVENTS = 20_000;
  private static final int REFUSED = 1_000;

  @Test
  void everyEventArrivesDespiteAnUnavailableStart() throws Exception {
    String topic = "log4j2-grpc";
    KAFKA.kafka().createTopic(topic, 3);
    try (FakePixy pixy = FakePixy.forwardingTo(KAFKA.bootstrapServers(), KAFKA.kafka().admin())
        .start()) {
      pixy.keepRequests = false;
      pixy.script = rq -> pixy.failedCalls.get() < REFUSED
          ? Status.UNAVAILABLE.withDescription("producer is starting").asRuntimeException()
          : null;
      String xml = "<Configuration status=\"warn\">\n"
          + "  <Appenders>\n"
          + "    <Tributary name=\"KAFKA\" destination=\"pixy+grpc://127.0.0.1:" + pixy.port()
          + "\" topic=\"" + topic + "\" jmx=\"false\" bufferSize=\"64MB\" closeTimeout=\"90s\">\n"
          + "      <Property name=\"pixy.cluster\" value=\"" + FakePixy.CLUSTER + "\"/>\n"
          + "    </Tributary>\n"
          + "  </Appenders>\n"
          + "  <Loggers><Root level=\"info\"><AppenderRef ref=\"KAFKA\"/></Root></Loggers>\n"
          + "</Configuration>\n";
      LoggerContext ctx = new LoggerContext("log4j2-grpc");
      ctx.start(new XmlConfiguration(ctx, new ConfigurationSource(
          new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
      Object appender = ctx.getConfiguration().getAppender("KAFKA");
      assertThat(appender).isInstanceOf(TributaryAppender.class);
      ProducerMetrics metrics = ((TributaryAppender) appender).producerMetrics();
      Logger log = ctx.getLogger("com.acme.checkout.Payments");
      for (int i = 0; i < EVENTS; i++) {
        log.info("paid order {}", i);
      }
      ctx.stop(90, TimeUnit.SECONDS);
      assertThat(metrics.sent()).isEqualTo(EVENTS);
      assertThat(metrics.dropped() + metrics.failed()).isZero();
      assertThat(pixy.failedCalls.get()).isGreaterThanOrEqualTo(REFUSED);
      assertThat(metrics.retried()).isGreaterThanOrEqualTo(REFUSED);
    }
    List<ConsumerRecord<byte[], byte[]>> got =
        KAFKA.kafka().consumeAll(topic, EVENTS, Duration.ofSeconds(60));
    Set<String> orders = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      String value = new String(r.value(), StandardCharsets.UTF_8);
      int at = value.indexOf("paid order ");
      assertThat(at).as(value).isPositive();
      orders.add(value.substring(at, value.indexOf('"', at)));
      assertThat(new String(r.headers().lastHeader("level").value(), StandardCharsets.UTF_8))
          .isEqualTo("INFO");
    }
    assertThat(got).hasSize(EVENTS);
    assertThat(orders).hasSize(EVENTS);
  }
}

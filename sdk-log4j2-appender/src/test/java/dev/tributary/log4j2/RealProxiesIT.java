package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.KafkaBridge;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Log4j2 appender with every default but the close timeout, shipping 5,000 events through
 * the real proxies (from {@code ../shared/peers}; skipped without it): kafka-pixy with its own
 * default config over HTTP, and the Strimzi bridge. Every event must reach Kafka.
 */
class RealProxiesIT {
  private static final int EVENTS = 5_000;

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static KafkaPixy pixy;
  private static KafkaBridge bridge;

  @BeforeAll
  static void startProxies() {
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).start();
    bridge = KafkaBridge.builder(KAFKA.bootstrapServers()).start();
  }

  @AfterAll
  static void stopProxies() {
    if (pixy != null) {
      pixy.close();
    }
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void everyEventReachesKafkaThroughADefaultConfigKafkaPixyOverHttp() {
    ship(pixy.httpDestination(), "log4j2-real-pixy");
  }

  @Test
  void everyEventReachesKafkaThroughTheStrimziBridge() {
    ship(bridge.destination(), "log4j2-real-bridge");
  }

  private static void ship(String destination, String topic) {
    KAFKA.kafka().createTopic(topic, 3);
    LoggerContext ctx = TestLogging.start(topic, "kafka-plain.xml", Map.of(
        "test.appender", "KAFKA", "test.destination", destination, "test.topic", topic,
        "test.closeTimeout", "60s"));
    ProducerMetrics metrics;
    try {
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      assertThat(appender.isStarted()).isTrue();
      metrics = appender.producerMetrics();
      Logger log = ctx.getLogger("com.acme.Orders");
      for (int i = 0; i < EVENTS; i++) {
        log.info("order {} placed", i);
      }
    } finally {
      long t0 = System.nanoTime();
      ctx.stop(60, TimeUnit.SECONDS);
      System.out.printf("log4j2 %s: stop() took %.2f s%n", destination,
          (System.nanoTime() - t0) / 1e9);
    }
    assertThat(metrics.sent()).as(metrics.toString()).isEqualTo(EVENTS);
    assertThat(metrics.dropped() + metrics.failed()).isZero();
    Set<String> orders = new HashSet<>();
    KafkaIt.consume(KAFKA.kafka(), topic, EVENTS, Duration.ofSeconds(60)).forEach(r ->
        orders.add(String.valueOf(KafkaIt.json(r).get("message"))));
    assertThat(orders).hasSize(EVENTS).contains("order 0 placed");
  }
}

package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ProxyFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Log4j2 appender, unchanged, with {@code pixy+http} and {@code rest+http} destinations:
 * every event reaches Kafka through a proxy stand-in ({@link ProxyFixture}) that answers 503
 * while the first events are logged.
 */
class HttpProxyDestinationsIT {
  private static final int EVENTS = 20_000;
  private static final int DURING_OUTAGE = 5_000;

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static ProxyFixture proxy;

  @BeforeAll
  static void startProxy() {
    proxy = ProxyFixture.start(KAFKA.bootstrapServers());
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void pixyHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(proxy.pixyDestination(), "log4j2-pixy");
  }

  @Test
  void restHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(proxy.restDestination(), "log4j2-rest");
  }

  private static void ship(String destination, String topic) {
    KAFKA.kafka().createTopic(topic, 3);
    LoggerContext ctx = TestLogging.start(topic, "kafka-plain.xml", Map.of(
        "test.appender", "KAFKA", "test.destination", destination, "test.topic", topic,
        "test.closeTimeout", "60s"));
    try {
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      assertThat(appender.isStarted()).isTrue();
      ProducerMetrics metrics = appender.producerMetrics();
      Logger log = ctx.getLogger("com.acme.Orders");
      proxy.unavailable(true);
      long before503 = proxy.answered503();
      for (int i = 0; i < DURING_OUTAGE; i++) {
        log.info("order {} placed", i);
      }
      await(() -> proxy.answered503() - before503 >= 5, 30);
      assertThat(proxy.answered503() - before503).as("503s answered").isGreaterThanOrEqualTo(5);
      assertThat(metrics.sent()).isZero();
      proxy.unavailable(false);
      for (int i = DURING_OUTAGE; i < EVENTS; i++) {
        log.info("order {} placed", i);
      }
      await(() -> metrics.sent() >= EVENTS, 120);
      assertThat(metrics.sent()).isEqualTo(EVENTS);
      assertThat(metrics.dropped() + metrics.failed()).isZero();
      assertThat(metrics.retried()).isPositive();
    } finally {
      ctx.stop(60, TimeUnit.SECONDS);
    }
    assertThat(proxy.violations()).isEmpty();
    Set<Object> messages = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, EVENTS, Duration.ofSeconds(60))
        .forEach(r -> messages.add(KafkaIt.json(r).get("message")));
    assertThat(messages).hasSize(EVENTS).contains("order 0 placed",
        "order " + (EVENTS - 1) + " placed");
  }

  private static void await(BooleanSupplier done, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}

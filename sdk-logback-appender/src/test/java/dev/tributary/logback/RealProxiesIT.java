package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.DeliveryReport;
import dev.tributary.testkit.KafkaBridge;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.KafkaPixy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Logback appender with every default, as a new user configures it, shipping 20,000 events
 * through the real proxies (from {@code ../shared/peers}; skipped without it): kafka-pixy with
 * its own default config (it answers a produce after its next flush, every 500 ms) and with a
 * 5 ms flush over HTTP, and the Strimzi bridge. {@code LoggerContext.stop()} with the default
 * close timeout must leave every event in Kafka.
 */
class RealProxiesIT {
  private static final int EVENTS = 20_000;

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static KafkaPixy pixy;
  private static KafkaPixy fastPixy;
  private static KafkaBridge bridge;

  @BeforeAll
  static void startProxies() {
    pixy = KafkaPixy.builder(KAFKA.bootstrapServers()).start();
    fastPixy = KafkaPixy.builder(KAFKA.bootstrapServers()).flushFrequency(Duration.ofMillis(5))
        .start();
    bridge = KafkaBridge.builder(KAFKA.bootstrapServers()).start();
  }

  @AfterAll
  static void stopProxies() {
    for (AutoCloseable c : new AutoCloseable[] {pixy, fastPixy, bridge}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void twentyThousandEventsReachKafkaThroughADefaultConfigKafkaPixyBeforeTheCloseTimeout() {
    ship(pixy.httpDestination(), "logback-pixy-default");
  }

  @Test
  void twentyThousandEventsReachKafkaThroughAFiveMillisecondFlushKafkaPixy() {
    ship(fastPixy.httpDestination(), "logback-pixy-fast");
  }

  @Test
  void twentyThousandEventsReachKafkaThroughTheStrimziBridge() {
    ship(bridge.destination(), "logback-bridge");
  }

  private static void ship(String destination, String topic) {
    KAFKA.kafka().createTopic(topic, 3);
    // The appender's defaults, close timeout included: that a default-config kafka-pixy takes
    // 20,000 events before a default stop() gives up is the promise under test.
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(destination, topic,
        "INFO", ""));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
    Logger log = ctx.getLogger("com.acme.Orders");
    long t0 = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      log.info("order {} placed", i);
    }
    long logged = System.nanoTime();
    ctx.stop(); // the appender's default closeTimeout
    long stopped = System.nanoTime();
    DeliveryReport report = appender.closeReport();
    System.out.printf("%s: %,d events logged in %.2f s, stop() took %.2f s: %s%n", destination,
        EVENTS, (logged - t0) / 1e9, (stopped - logged) / 1e9, report);
    assertThat(report.sent()).as(LogbackTesting.statusText(ctx)).isEqualTo(EVENTS);
    assertThat(report.complete()).isTrue();
    assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).isEmpty();

    Set<String> messages = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, EVENTS, Duration.ofSeconds(60)).forEach(r ->
        messages.add(LogbackTesting.json(r.value()).get("message").asText()));
    assertThat(messages).hasSize(EVENTS).contains("order 0 placed",
        "order " + (EVENTS - 1) + " placed");
  }
}

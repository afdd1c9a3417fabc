package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ProxyFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The appender, configured from XML exactly as a user would, with {@code pixy+http} and
 * {@code rest+http} destinations: 100,000 events reach Kafka through a proxy stand-in
 * ({@link ProxyFixture}) that answers 503 for the first 20,000, with nothing lost.
 */
class HttpProxyDestinationsIT {
  private static final int EVENTS = 100_000;
  private static final int DURING_OUTAGE = 20_000;

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
    ship(proxy.pixyDestination(), "logback-pixy",
        "    <producerProperty>pixy.max.in.flight=256</producerProperty>\n");
  }

  @Test
  void restHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(proxy.restDestination(), "logback-rest",
        "    <producerProperty>rest.headers=true</producerProperty>\n");
  }

  private static void ship(String destination, String topic, String extra) {
    long t0 = System.nanoTime();
    KAFKA.kafka().createTopic(topic, 3);
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(destination, topic,
        "INFO", extra + "    <bufferSize>256MB</bufferSize>\n"
            + "    <deliveryTimeout>2 minutes</deliveryTimeout>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
    ProducerMetrics metrics = appender.metrics();
    Logger log = ctx.getLogger("com.acme.Orders");
    proxy.unavailable(true);
    long before503 = proxy.answered503();
    for (int i = 0; i < DURING_OUTAGE; i++) {
      log.info("order {} placed", i);
    }
    // A few refusals prove the outage; waiting for many would only grow the sender's backoff
    // (up to 10 s by default), which the appender does not expose.
    await(() -> proxy.answered503() - before503 >= 5, 30);
    assertThat(proxy.answered503() - before503).as("503s answered").isGreaterThanOrEqualTo(5);
    assertThat(metrics.sent()).isZero();
    proxy.unavailable(false);
    long t1 = System.nanoTime();
    for (int i = DURING_OUTAGE; i < EVENTS; i++) {
      log.info("order {} placed", i);
    }
    await(() -> metrics.sent() >= EVENTS, 150);
    long t2 = System.nanoTime();
    assertThat(metrics.sent()).as(LogbackTesting.statusText(ctx)).isEqualTo(EVENTS);
    assertThat(metrics.dropped() + metrics.failed()).isZero();
    assertThat(metrics.retried()).isPositive();
    ctx.stop();
    assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).isEmpty();
    assertThat(proxy.violations()).isEmpty();

    Set<String> messages = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, EVENTS, Duration.ofSeconds(60)).forEach(r ->
        messages.add(LogbackTesting.json(r.value()).get("message").asText()));
    System.out.printf("%s: outage phase %.1f s, delivery after it %.1f s, read back %.1f s%n",
        destination, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
    assertThat(messages).hasSize(EVENTS).contains("order 0 placed",
        "order " + (EVENTS - 1) + " placed");
  }

  private static void await(java.util.function.BooleanSupplier done, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}

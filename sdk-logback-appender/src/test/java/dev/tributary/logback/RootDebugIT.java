package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.status.Status;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.KafkaClusterExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behaviour 3: the appender on the root logger at DEBUG, in the JVM's default LoggerContext —
 * the one kafka-clients (inside the appender) and the in-process broker log into. Their events
 * reach the appender; none may be shipped, recurse, deadlock or pile up. This is where
 * logback-kafka-appender throws StackOverflowError on Logback 1.5.21 and later.
 */
class RootDebugIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private static final int EVENTS = 10_000;
  /**
   * The in-process broker — a test fixture no real service hosts — also logs under one name
   * outside the kafka.* / org.apache.kafka.* families the loop guard knows (on leadership
   * changes). Left on, it would be shipped like any application logger and blur the count.
   */
  private static final String QUIET_BROKER =
      "  <logger name=\"state.change.logger\" level=\"OFF\"/>\n";

  @AfterEach
  void restoreTheDefaultConfiguration() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }

  @Test
  void kafkaClientAndBrokerEventsAreDroppedAndCountedWhileAppEventsArrive() throws Exception {
    KAFKA.kafka().createTopic("root-debug", 2);
    LoggerContext ctx = reconfigureDefault(LogbackTesting.appenderXml(
        "kafka://" + KAFKA.bootstrapServers(), "root-debug", "DEBUG", "")
        .replace("<root", QUIET_BROKER + "  <root"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();

    logFromAnAppThread(EVENTS);
    ProducerMetrics metrics = appender.metrics();
    awaitSent(metrics, EVENTS);
    List<ConsumerRecord<byte[], byte[]>> got =
        KAFKA.kafka().consumeAll("root-debug", EVENTS, Duration.ofSeconds(60));
    got.stream().map(r -> LogbackTesting.json(r.value()))
        .filter(j -> !j.get("logger_name").asText().equals("com.acme.App"))
        .forEach(j -> System.out.println("Shipped but should not have been: " + j));

    // Only the application's events were ever offered: every Kafka client and broker event
    // (and there are many at DEBUG) was dropped before encoding.
    assertThat(metrics.appended()).isEqualTo(EVENTS);
    assertThat(metrics.sent()).isEqualTo(EVENTS);
    assertThat(metrics.pendingRecords()).isZero();
    assertThat(metrics.bufferedBytes()).isZero();
    assertThat(appender.internalEventsDropped()).isPositive();
    System.out.printf("root at DEBUG: %d app events sent, %d internal events dropped%n",
        metrics.sent(), appender.internalEventsDropped());
    assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).isEmpty();

    assertThat(got).hasSize(EVENTS).allSatisfy(r ->
        assertThat(LogbackTesting.json(r.value()).get("logger_name").asText())
            .isEqualTo("com.acme.App"));
  }

  @Test
  void kafkaClientEventsGoToTheAppenderNamedInsideInstead() throws Exception {
    KAFKA.kafka().createTopic("root-debug-fallback", 1);
    CountingAppender.COUNT.set(0);
    LoggerContext ctx = reconfigureDefault("<configuration>\n"
        + "  <appender name=\"COUNT\" class=\"dev.tributary.logback.CountingAppender\"/>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>kafka://" + KAFKA.bootstrapServers() + "</destination>\n"
        + "    <topic>root-debug-fallback</topic>\n"
        + "    <jmx>false</jmx>\n"
        + "    <appender-ref ref=\"COUNT\"/>\n"
        + "  </appender>\n"
        + QUIET_BROKER
        + "  <root level=\"DEBUG\"><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>\n");
    TributaryAppender appender = LogbackTesting.appender(ctx);

    logFromAnAppThread(1_000);
    awaitSent(appender.metrics(), 1_000);

    assertThat(appender.metrics().appended()).isEqualTo(1_000);
    assertThat(appender.internalEventsDropped()).isZero();
    assertThat(appender.internalEventsForwarded()).isPositive();
    assertThat(CountingAppender.COUNT.get()).isGreaterThanOrEqualTo(
        appender.internalEventsForwarded());
  }

  private static LoggerContext reconfigureDefault(String xml) throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(ctx);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return ctx;
  }

  /** Logs through SLF4J on a separate thread, so a deadlock fails the test instead of hanging it. */
  private static void logFromAnAppThread(int events) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread app = new Thread(() -> {
      try {
        Logger log = LoggerFactory.getLogger("com.acme.App");
        for (int i = 0; i < events; i++) {
          if (i % 2 == 0) {
            log.debug("debug event {}", i);
          } else {
            log.info("info event {}", i);
          }
        }
      } catch (Throwable t) { // StackOverflowError included
        failure.set(t);
      }
    }, "app-main");
    app.start();
    app.join(60_000);
    assertThat(app.isAlive()).as("logging thread stuck (deadlock?)").isFalse();
    assertThat(failure.get()).isNull();
  }

  private static void awaitSent(ProducerMetrics metrics, long count) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (metrics.sent() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metrics.sent()).isGreaterThanOrEqualTo(count);
  }
}

package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.DeliveryReport;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.NeverWaits;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behaviour 4: {@code LoggerContext.stop()} delivers what is buffered within a bounded time,
 * reports what it could not send, and leaves no thread behind that would keep the JVM alive.
 */
class ContextStopIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @Test
  void stopDeliversEverythingBufferedWhenKafkaIsUp() {
    KAFKA.kafka().createTopic("stop-flush", 1);
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://" + KAFKA.bootstrapServers(), "stop-flush", "INFO",
        // A stop that waited for the linger (a minute) or took its deadline (an hour) would
        // overrun NeverWaits' bound; one that flushes returns once Kafka acknowledged. Having
        // an hour, it is also sure to deliver everything however busy the machine is.
        "    <clientId>stop-flush</clientId>\n    <linger>1 minute</linger>\n"
            + "    <closeTimeout>1 hour</closeTimeout>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    Logger log = ctx.getLogger("com.acme.Shutdown");
    for (int i = 0; i < 5_000; i++) {
      log.info("event {}", i);
    }

    NeverWaits.run("stop() with a minute's linger and Kafka up", ctx::stop);

    DeliveryReport report = appender.closeReport();
    assertThat(report.sent()).as(report.toString()).isEqualTo(5_000);
    assertThat(report.complete()).isTrue();
    assertThat(LogbackTesting.statuses(ctx, Status.INFO))
        .anySatisfy(m -> assertThat(m)
            .startsWith("Tributary appender 'KAFKA': Stopped: sent=5000,").contains("pending=0"));
    assertThat(KAFKA.kafka().consumeAll("stop-flush", 5_000, Duration.ofSeconds(60)))
        .hasSize(5_000);
    assertThat(liveThreads("stop-flush")).isEmpty();
  }

  @Test
  void stopWithKafkaUnreachableReturnsByTheCloseTimeoutAndReportsWhatWasLost() {
    int deadPort = InProcessKafka.freePort();
    // Whatever a stop that ignored closeTimeout could wait for costs an hour: the records'
    // delivery timeout and every wait of kafka-clients (see NeverWaits).
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://127.0.0.1:" + deadPort, "stop-lost", "INFO",
        "    <clientId>stop-lost</clientId>\n    <closeTimeout>2 seconds</closeTimeout>\n"
            + "    <deliveryTimeout>1 hour</deliveryTimeout>\n"
            + LogbackTesting.producerProperties(NeverWaits.kafkaProducerProperties())));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    Logger log = ctx.getLogger("com.acme.Shutdown");
    for (int i = 0; i < 1_000; i++) {
      log.info("event {}", i);
    }

    long t0 = System.nanoTime();
    NeverWaits.run("stop() with Kafka unreachable", ctx::stop);
    long took = System.nanoTime() - t0;

    System.out.printf("stop with Kafka unreachable took %d ms%n", took / 1_000_000);
    DeliveryReport report = appender.closeReport();
    System.out.println("close report with Kafka unreachable: " + report);
    assertThat(report.sent()).isZero();
    // Every event is accounted for: none sent, each pending, failed or dropped.
    assertThat(report.pending() + report.failed() + report.dropped()).isEqualTo(1_000);
    assertThat(report.complete()).isFalse();
    List<String> warnings = LogbackTesting.statuses(ctx, Status.WARN);
    assertThat(warnings).anySatisfy(m -> assertThat(m)
        .startsWith("Tributary appender 'KAFKA': Stopped: sent=0,")
        .contains("pending=" + report.pending(), "deadline reached"));
    // The deadline it gave up at was closeTimeout's, not the default's or the records'.
    assertThat(warnings).anySatisfy(m -> assertThat(m).contains("closed after PT2S"));
    assertThat(liveThreads("stop-lost")).isEmpty();
  }

  /**
   * Threads of the producer with {@code clientId} that are alive and would keep the JVM from
   * exiting. (With Kafka unreachable the daemon sender thread may outlive close() by up to
   * max.block.ms while kafka-clients waits for metadata; being a daemon, it holds nothing up.)
   */
  private static List<String> liveThreads(String clientId) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .map(Thread::getName)
        .filter(n -> n.endsWith(clientId) || n.endsWith("| " + clientId))
        .collect(Collectors.toList());
  }
}

package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ReadmeQuickStart;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adoption path: the README's Logback quick start, {@code logback.xml} as printed (only the
 * broker's address differs), loaded by Joran, ships a log line to a real Kafka.
 */
class ReadmeQuickStartIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @Test
  void theQuickStartLogbackXmlShipsLogsToKafka() {
    LoggerContext ctx = LogbackTesting.configure(
        ReadmeQuickStart.file("logback.xml", KAFKA.bootstrapServers()));
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).as(LogbackTesting.statusText(ctx))
        .isEmpty();
    assertThat(LogbackTesting.appender(ctx).isStarted()).isTrue();

    ctx.getLogger("com.acme.App").info("hello, Kafka");
    ctx.getLogger("com.acme.App").debug("below the root level: not shipped");
    ctx.stop();

    var records = KAFKA.kafka().consumeAll("app-logs", 1, Duration.ofSeconds(60));
    assertThat(records).hasSize(1);
    assertThat(LogbackTesting.json(records.get(0).value()).get("message").asText())
        .isEqualTo("hello, Kafka");
  }
}

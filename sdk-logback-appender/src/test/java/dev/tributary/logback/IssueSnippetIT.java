package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.testkit.KafkaClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adoption path: the snippet from the README, pasted as is (only the port differs). */
class IssueSnippetIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private static final String SNIPPET = """
      <appender name="KAFKA" class="dev.tributary.logback.TributaryAppender">
        <destination>kafka://127.0.0.1:9092</destination>
        <topic>app-logs</topic>
      </appender>
      <root level="INFO"><appender-ref ref="KAFKA"/></root>
      """;

  @Test
  void theSnippetShipsLogsToKafka() {
    String xml = "<configuration>\n"
        + SNIPPET.replace("127.0.0.1:9092", KAFKA.bootstrapServers())
        + "</configuration>\n";
    LoggerContext ctx = LogbackTesting.configure(xml);
    assertThat(LogbackTesting.statuses(ctx, Status.WARN)).as(LogbackTesting.statusText(ctx))
        .isEmpty();

    ctx.getLogger("com.acme.App").info("hello, Kafka");
    ctx.getLogger("com.acme.App").debug("below the root level: not shipped");
    ctx.stop();

    var records = KAFKA.kafka().consumeAll("app-logs", 1, Duration.ofSeconds(60));
    assertThat(records).hasSize(1);
    assertThat(LogbackTesting.json(records.get(0).value()).get("message").asText())
        .isEqualTo("hello, Kafka");
  }
}

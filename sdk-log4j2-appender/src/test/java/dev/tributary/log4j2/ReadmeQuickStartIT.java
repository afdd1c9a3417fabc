package dev.tributary.log4j2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.ReadmeQuickStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adoption path: the README's Log4j2 quick start, {@code log4j2.xml} as printed (only the
 * broker's address differs), loaded by Log4j2 from a file, ships a log line to a real Kafka.
 * SLF4J is bound to Log4j2 here ({@code log4j-slf4j2-impl}), as the quick start's pom has it.
 */
class ReadmeQuickStartIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @TempDir
  Path dir;

  @Test
  void theQuickStartLog4j2XmlShipsLogsToKafka() throws Exception {
    Path file = dir.resolve("log4j2.xml");
    Files.writeString(file, ReadmeQuickStart.file("log4j2.xml", KAFKA.bootstrapServers()), UTF_8);
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    LoggerContext ctx = new LoggerContext("readme-quick-start", null, file.toUri());
    try {
      ctx.start();
      assertThat(status.messages()).as("StatusLogger warnings and errors").isEmpty();
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      assertThat(appender.isStarted()).isTrue();

      ctx.getLogger("com.acme.App").info("hello, Kafka");
      ctx.getLogger("com.acme.App").debug("below the root level: not shipped");
      assertThat(ctx.stop(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      status.detach();
    }

    var records = KAFKA.kafka().consumeAll("app-logs", 1, Duration.ofSeconds(60));
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = records.get(0);
    assertThat(KafkaIt.json(r)).containsEntry("message", "hello, Kafka")
        .containsEntry("logger_name", "com.acme.App");
  }
}

package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.JavaChild;
import dev.tributary.testkit.LoggingChild;
import dev.tributary.testkit.ReadmeQuickStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka down for about 15 s under the README's quick start, default settings: stderr says so
 * once (not once per event, not once per retry), says once that Kafka accepts records again,
 * and nothing is lost. A service in a child JVM logs a line every 10 ms throughout.
 */
class OutageWarningIT {
  /** Catches a hang, never a slow machine. */
  private static final Duration HANG = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void anOutageIsOneWarningAndOneRecoveryLineAndLosesNothing() throws Exception {
    int port = InProcessKafka.freePort();
    String xml = ReadmeQuickStart.file("logback.xml", "127.0.0.1:" + port)
        .replace("<topic>app-logs</topic>", "<topic>outage-logs</topic>");
    Path file = Files.writeString(dir.resolve("logback.xml"), xml);
    try (JavaChild child = JavaChild.start(LoggingChild.class,
        List.of("-Dlogback.configurationFile=" + file), "until-stop");
        InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
            .brokerConfig("auto.create.topics.enable", "false").build()) {
      // Down until the appender said so (10 s without an acknowledgement), then Kafka starts.
      child.awaitLine(l -> l.contains("has accepted no record for"), HANG);
      kafka.start();
      kafka.createTopic("outage-logs", 1);
      child.awaitLine(l -> l.contains("accepts records again"), HANG);
      child.send("stop");
      String logged = child.awaitLine(l -> l.startsWith("logged "), HANG);
      assertThat(child.awaitExit(HANG)).isZero();

      int lines = Integer.parseInt(logged.substring("logged ".length()));
      assertThat(kafka.consumeAll("outage-logs", lines, Duration.ofSeconds(60)))
          .hasSize(lines);
      List<String> ours = child.stderr().stream()
          .filter(l -> l.contains("Tributary appender 'KAFKA'")).toList();
      System.out.printf("Outage under the quick start: %d lines logged; stderr of the appender:"
          + "%n%s%n", lines, String.join("\n", ours));
      assertThat(ours).as(child.output()).hasSize(2);
      assertThat(ours.get(0)).contains("WARN Tributary appender 'KAFKA': kafka://127.0.0.1:"
          + port + " has accepted no record for 1", "record(s) waiting",
          "none dropped or failed", "latest error: ");
      assertThat(ours.get(1)).contains("WARN Tributary appender 'KAFKA': kafka://127.0.0.1:"
          + port + " accepts records again, after", "none dropped or failed meanwhile");
    }
  }
}

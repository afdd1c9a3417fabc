package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.tributary.testkit.InProcessKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service logging through the appender with a spool is killed with SIGKILL mid-stream while
 * Kafka is down; after a restart, every event whose write the spool had completed arrives.
 */
class SigkillSpoolIT {
  @TempDir
  Path spoolDir;

  static String xml(String spoolDir, int port) {
    return LogbackTesting.appenderXml("kafka://127.0.0.1:" + port, "killed-logs", "INFO",
        "    <spoolDir>" + spoolDir + "</spoolDir>\n"
            + "    <spoolSegmentSize>256KB</spoolSegmentSize>\n"
            + "    <overflowPolicy>BLOCK</overflowPolicy>\n"
            + "    <maxBlockTime>30 seconds</maxBlockTime>\n"
            + "    <closeTimeout>90 seconds</closeTimeout>\n");
  }

  @Test
  void everyEventTheSpoolHadWrittenArrivesAfterAKillDashNine() throws Exception {
    int port = InProcessKafka.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), SpoolKillChild.class.getName(),
        spoolDir.toString(), Integer.toString(port))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long spooled = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (spooled <= 20_000 && System.nanoTime() < deadline
          && (line = out.readLine()) != null) {
        assertThat(line).doesNotStartWith("not started");
        if (line.startsWith("spooled=")) {
          spooled = Long.parseLong(line.substring(8));
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no LoggerContext.stop()
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(spooled).as("events the child's spool reported written").isGreaterThan(20_000);

    try (InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port)
        .brokerConfig("auto.create.topics.enable", "false").build()) {
      kafka.start();
      kafka.createTopic("killed-logs", 2);
      // The restarted service: same configuration, same spool directory, Kafka now up.
      LoggerContext restarted = LogbackTesting.configure(xml(spoolDir.toString(), port));
      TributaryAppender appender = LogbackTesting.appender(restarted);
      assertThat(appender.isStarted()).as(LogbackTesting.statusText(restarted)).isTrue();
      restarted.stop(); // waits (up to closeTimeout) for the replay to be delivered
      long replayed = appender.metrics().replayed();

      List<ConsumerRecord<byte[], byte[]>> got =
          kafka.consumeAll("killed-logs", (int) replayed, Duration.ofSeconds(60));
      Set<Long> seqs = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> r : got) {
        String message = LogbackTesting.json(r.value()).get("message").asText();
        seqs.add(Long.parseLong(message.substring("seq=".length())));
      }
      System.out.printf("kill -9 through Logback: child's spool wrote %d events; restart "
          + "replayed %d, %d arrived (%d unique, %d duplicates)%n", spooled, replayed,
          got.size(), seqs.size(), got.size() - seqs.size());
      for (long i = 0; i < spooled; i++) {
        assertThat(seqs).as("event %d was written by the spool before the kill", i).contains(i);
      }
      assertThat(appender.metrics().dropped() + appender.metrics().failed()).isZero();
    }
  }
}

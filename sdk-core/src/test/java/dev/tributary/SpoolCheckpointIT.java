package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The spool remembers what Kafka acknowledged: a service killed with SIGKILL seconds after
 * everything it logged was acknowledged resends (almost) nothing on restart, and a clean stop
 * resends nothing at all. One real broker, shared.
 */
class SpoolCheckpointIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static final int COUNT = 10_000;

  @TempDir
  Path spoolDir;

  private TributaryConfig config() {
    return TributaryConfig.builder("kafka://" + KAFKA.bootstrapServers())
        .diagnostics(Diagnostics.none()).jmxEnabled(false).spoolDir(spoolDir).build();
  }

  @Test
  void aKillDashNineSecondsAfterEverythingWasAcknowledgedResendsAlmostNothing()
      throws Exception {
    KAFKA.kafka().createTopic("acked", 2);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), SpoolAckChild.class.getName(),
        spoolDir.toString(), KAFKA.bootstrapServers(), Integer.toString(COUNT))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String acked = null;
    boolean alive = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while (!alive && (line = out.readLine()) != null) {
        if (line.startsWith("acked=") || line.startsWith("incomplete=")) {
          acked = line;
        }
        alive = line.equals("alive");
      }
      child.destroyForcibly(); // SIGKILL: no close, no last checkpoint
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).isEqualTo("acked=" + COUNT);
    assertThat(alive).isTrue();

    TributaryProducer restarted = TributaryProducer.create(config());
    DeliveryReport report = restarted.close(Duration.ofSeconds(60));
    long resent = restarted.metrics().replayed();
    System.out.printf("kill -9 3 s after all %d records were acknowledged: restart resent %d; "
        + "%s%n", COUNT, resent, report);
    // Without the checkpoint the whole segment (all 10,000) would be sent again.
    assertThat(resent).as("records sent again after the kill").isZero();
    assertThat(KAFKA.kafka().consumeAll("acked", COUNT, Duration.ofSeconds(30))).hasSize(COUNT);
  }

  @Test
  void aCleanRestartResendsNothing() {
    KAFKA.kafka().createTopic("clean", 1);
    TributaryProducer first = TributaryProducer.create(config());
    for (int i = 0; i < 1000; i++) {
      first.offer(TributaryRecord.of("clean", ByteBuffer.allocate(4).putInt(i).array()));
    }
    assertThat(first.close(Duration.ofSeconds(60)).sent()).isEqualTo(1000);
    TributaryProducer second = TributaryProducer.create(config());
    second.close(Duration.ofSeconds(10));
    assertThat(second.metrics().replayed()).isZero();
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.NeverWaits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** acks=all on a replicated topic survives losing a broker mid-stream. */
class ReplicationIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(3);

  @Test
  void stoppingOneOfThreeBrokersMidStreamLosesNothingAndBlocksNobody() throws Exception {
    String topic = "replicated";
    KAFKA.kafka().createTopic(topic, 6, 3, Map.of("min.insync.replicas", "2"));
    int count = 60_000;
    long[] offerNanos = new long[count];
    TributaryProducer producer = TributaryProducer.create(
        TributaryConfig.builder("kafka://" + KAFKA.bootstrapServers())
            .diagnostics(Diagnostics.none())
            .producerProperty("acks", "all")
            // A wait on the brokers costs an hour here (see NeverWaits).
            .producerProperty("max.block.ms", NeverWaits.networkWaitMillis())
            .build());
    NeverWaits.run("offers before the broker stops", () -> offer(producer, topic, 0, count / 3,
        offerNanos));
    KAFKA.kafka().stopBroker(1);
    NeverWaits.run("offers after the broker stopped", () -> offer(producer, topic, count / 3,
        count, offerNanos));
    DeliveryReport report = producer.close(Duration.ofSeconds(120));
    Arrays.sort(offerNanos);
    long p999 = offerNanos[(int) (count * 0.999)];
    long max = offerNanos[count - 1];
    // For the record: a blocking producer would stall for its metadata or buffer space, which
    // costs an hour here, so the two bounded runs above are the test; how fast an offer is, is
    // for JMH to measure.
    System.out.printf("broker stopped mid-stream: offer p99.9 %.3f ms, max %.3f ms; %s%n",
        p999 / 1e6, max / 1e6, report);
    assertThat(report.sent()).isEqualTo(count);
    assertThat(report.failed() + report.dropped() + report.pending()).isZero();

    Set<Integer> seen = new HashSet<>();
    KAFKA.kafka().consumeAll(topic, count, Duration.ofSeconds(60))
        .forEach(r -> seen.add(ByteBuffer.wrap(r.value()).getInt()));
    assertThat(seen).hasSize(count);
  }

  private static void offer(TributaryProducer producer, String topic, int from, int to,
      long[] offerNanos) {
    for (int i = from; i < to; i++) {
      byte[] value = ByteBuffer.allocate(4).putInt(i).array();
      TributaryRecord record = TributaryRecord.builder(topic).key("k" + (i % 100))
          .value(value).build();
      long s = System.nanoTime();
      boolean accepted = producer.offer(record);
      offerNanos[i] = System.nanoTime() - s;
      assertThat(accepted).isTrue();
    }
  }
}

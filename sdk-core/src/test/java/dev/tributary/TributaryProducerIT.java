package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The producer against one real in-process broker, shared by the tests of this class. */
class TributaryProducerIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://" + KAFKA.bootstrapServers())
        .diagnostics(Diagnostics.none());
  }

  @Test
  void hundredThousandRecordsFromFourThreadsAllArriveInPerKeyOrder() throws Exception {
    String topic = "ordered";
    KAFKA.kafka().createTopic(topic, 6);
    int threads = 4;
    int perThread = 25_000;
    TributaryConfig cfg = config().clientId("it-ordered").build();
    try (TributaryProducer producer = TributaryProducer.create(cfg)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String key = "t" + thread + "-k" + (i % 50);
            byte[] value = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
            assertThat(producer.offer(TributaryRecord.builder(topic).key(key).value(value)
                .header("seq", Integer.toString(i)).build())).isTrue();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      DeliveryReport flushed = producer.flush(Duration.ofSeconds(60));
      assertThat(flushed.pending()).isZero();
      assertThat(flushed.sent()).isEqualTo(threads * perThread);

      ObjectName bean = new ObjectName("dev.tributary:type=Producer,clientId=\"it-ordered\"");
      assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "Sent"))
          .isEqualTo((long) threads * perThread);
      assertThat(producer.metrics().dropped()).isZero();
      assertThat(producer.metrics().failed()).isZero();
      assertThat(producer.metrics().bufferedBytes()).isZero();
    }

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.kafka().consumeAll(topic, threads * perThread, Duration.ofSeconds(60));
    assertThat(records).hasSize(threads * perThread);
    Map<String, Integer> lastSeqPerKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      int seq = ByteBuffer.wrap(r.value()).getInt(4);
      Integer previous = lastSeqPerKey.put(key, seq);
      if (previous != null) {
        assertThat(seq).as("order of key %s", key).isGreaterThan(previous);
      }
      assertThat(new String(r.headers().lastHeader("seq").value(), StandardCharsets.UTF_8))
          .isEqualTo(Integer.toString(seq));
    }
    assertThat(lastSeqPerKey).hasSize(threads * 50);
  }

  @Test
  void aRecordOverTheBrokersLimitFailsAloneAndItsBatchMatesArrive() throws Exception {
    String topic = "small-max";
    KAFKA.kafka().createTopic(topic, 1, 1, Map.of("max.message.bytes", "20000"));
    byte[] big = new byte[60_000];
    new Random(1).nextBytes(big); // incompressible, so the broker sees it whole
    // kafka-clients splits the rejected batch and resends the parts; with idempotence a part
    // can then spin on OUT_OF_ORDER_SEQUENCE_NUMBER until the attempt times out. A 40 s
    // delivery timeout makes attempts 20 s, so Tributary's retry delivers those in time.
    try (TributaryProducer producer = TributaryProducer.create(config()
        .deliveryTimeout(Duration.ofSeconds(40))
        .linger(Duration.ofMillis(50)).build())) {
      List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        futures.add(producer.send(TributaryRecord.of(topic, ("ok-" + i)
            .getBytes(StandardCharsets.UTF_8))));
        if (i == 4) {
          futures.add(producer.send(TributaryRecord.of(topic, big)));
        }
      }
      CompletableFuture<RecordMetadata> bad = futures.remove(5);
      assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("small-max")
          .hasCauseInstanceOf(RecordTooLargeException.class);
      for (CompletableFuture<RecordMetadata> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS).topic()).isEqualTo(topic);
      }
      assertThat(producer.metrics().failed()).isEqualTo(1);
      assertThat(producer.metrics().sent()).isEqualTo(9);
    }
    assertThat(KAFKA.kafka().consumeAll(topic, 9, Duration.ofSeconds(30))).hasSize(9);
  }

  @Test
  void badInputGetsAClearErrorAndNeverReachesTheBroker() {
    try (TributaryProducer producer = TributaryProducer.create(config()
        .maxRecordBytes(10_000).build())) {
      assertThatThrownBy(() -> producer.offer(null)).isInstanceOf(NullPointerException.class)
          .hasMessage("record");
      assertThatThrownBy(() -> TributaryRecord.of(null, new byte[1]))
          .isInstanceOf(NullPointerException.class).hasMessage("topic");
      assertThatThrownBy(() -> TributaryRecord.of("t", null))
          .isInstanceOf(NullPointerException.class).hasMessage("value");
      assertThat(producer.offer(TributaryRecord.of("t", new byte[20_000]))).isFalse();
      assertThat(producer.metrics().dropped(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
      assertThatThrownBy(() -> producer.flush(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
    assertThatThrownBy(() -> TributaryConfig.builder("kafkaa://" + KAFKA.bootstrapServers())
        .build()).isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("unknown scheme 'kafkaa'");
    assertThatThrownBy(() -> TributaryConfig.builder("kafka:/" + KAFKA.bootstrapServers())
        .build()).isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'destination'");
  }
}

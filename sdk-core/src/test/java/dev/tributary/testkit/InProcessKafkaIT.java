package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves the in-process Kafka fixture works before other integration tests rely on it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InProcessKafkaIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

    private static InProcessKafka classCluster;

    @BeforeAll
    static void rememberClassCluster() {
        classCluster = KAFKA.kafka();
    }

    @Test
    void roundTripsRecordsThroughOneBroker() throws Exception {
        InProcessKafka kafka = KAFKA.kafka();
        kafka.createTopic("smoke", 3, 1, Map.of());

        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                sends.add(producer.send(new ProducerRecord<>("smoke", bytes("key-" + i), bytes("value-" + i))));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        }

        var records = kafka.consumeAll("smoke", 1000, Duration.ofSeconds(30));
        assertThat(records).hasSize(1000);
        assertThat(records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                .hasSize(1000)
                .contains("value-0", "value-999");
        assertThat(records.stream().map(r -> r.partition()).distinct()).hasSize(3);
    }

    @Test
    void consumeAllGivesUpAtTheTimeout() {
        KAFKA.kafka().createTopic("empty", 1);

        // What never arrives would keep a consumeAll that ignored its timeout forever: the
        // bound of NeverWaits tells that from a slow machine. Each waits out its 2 s first.
        long start = System.nanoTime();
        var records = NeverWaits.call("consumeAll of an empty topic",
                () -> KAFKA.kafka().consumeAll("empty", 1, Duration.ofSeconds(2)));
        var missing = NeverWaits.call("consumeAll of a missing topic",
                () -> KAFKA.kafka().consumeAll("no-such-topic", 1, Duration.ofSeconds(2)));

        assertThat(records).isEmpty();
        assertThat(missing).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void producerCreatedBeforeBrokerStartsDeliversOnceItIsUp() throws Exception {
        int port = InProcessKafka.freePort();
        // The producer's pending metadata request for "late" would otherwise auto-create the topic
        // the moment the broker comes up, racing createTopic below.
        try (InProcessKafka kafka = InProcessKafka.builder()
                .brokerPort(0, port)
                .brokerConfig("auto.create.topics.enable", "false")
                .build()) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(accepts(port)).as("nothing may listen before start()").isFalse();

            try (KafkaProducer<byte[], byte[]> producer =
                         producer("127.0.0.1:" + port, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("late", bytes("too early"))).get())
                        .as("no broker, so no metadata within max.block.ms")
                        .hasCauseInstanceOf(TimeoutException.class);

                kafka.start();
                kafka.createTopic("late", 1);

                RecordMetadata sent = sendUntilMetadataArrives(producer, new ProducerRecord<>("late", bytes("hello")));
                assertThat(sent.topic()).isEqualTo("late");
            }

            var records = kafka.consumeAll("late", 1, Duration.ofSeconds(30));
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("hello");
        }
    }

    @Test
    void acksAllSurvivesLosingOneOfThreeBrokers() throws Exception {
        try (InProcessKafka kafka = InProcessKafka.builder().brokers(3).build()) {
            kafka.start();
            kafka.createTopic("replicated", 2, 3, Map.of("min.insync.replicas", "2"));
            int leader = kafka.admin().describeTopics(List.of("replicated")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("replicated").partitions().get(0).leader().id();

            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000))) {
                sendAndAwait(producer, "replicated", 0, 100);

                // Stopping the leader also forces a leader election, not just an ISR shrink.
                kafka.stopBroker(leader);
                assertThat(kafka.runningBrokers()).hasSize(2).doesNotContain(leader);

                sendAndAwait(producer, "replicated", 100, 200);
            }

            assertThat(kafka.consumeAll("replicated", 200, Duration.ofSeconds(30))).hasSize(200);
        }
    }

    @Nested
    class NestedTests {
        @Test
        void reuseTheEnclosingClassCluster() {
            assertThat(KAFKA.kafka()).isSameAs(classCluster);
        }
    }

    private static void sendAndAwait(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sends.add(producer.send(new ProducerRecord<>(topic, bytes("key-" + i), bytes("value-" + i))));
        }
        for (Future<RecordMetadata> send : sends) {
            send.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Until the producer's reconnect backoff lets it reach the just-started broker, each send fails
     * after max.block.ms with a metadata timeout (and the record is not written), so retry.
     */
    private static RecordMetadata sendUntilMetadataArrives(KafkaProducer<byte[], byte[]> producer,
                                                           ProducerRecord<byte[], byte[]> record) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return producer.send(record).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TimeoutException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 5));
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

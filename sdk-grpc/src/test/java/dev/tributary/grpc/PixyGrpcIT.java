package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryReport;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.grpc.testkit.RecordingDiagnostics;
import dev.tributary.grpc.testkit.Waits;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.NeverWaits;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code TributaryProducer} with a {@code pixy+grpc://} destination, through a kafka-pixy
 * stand-in that writes into a real in-process Kafka broker.
 */
class PixyGrpcIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  static FakePixy pixy;

  @BeforeAll
  static void startPixy() {
    KAFKA.kafka().createTopic("grpc-logs", 3);
    pixy = FakePixy.forwardingTo(KAFKA.bootstrapServers(), KAFKA.kafka().admin()).start();
  }

  @AfterAll
  static void stopPixy() {
    pixy.close();
  }

  @BeforeEach
  void resetPixy() {
    pixy.reset();
  }

  private static TributaryConfig.Builder config(String clientId) {
    return TributaryConfig.builder("pixy+grpc://127.0.0.1:" + pixy.port()).clientId(clientId)
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .retryBackoff(Duration.ofMillis(20)).retryBackoffMax(Duration.ofMillis(200));
  }

  private static TributaryRecord record(String topic, int i) {
    return TributaryRecord.builder(topic).key("k" + (i % 100)).value("v" + i)
        .header("seq", Integer.toString(i)).build();
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void hundredThousandRecordsArriveWithTheirKeysAndHeaders() throws Exception {
    String topic = "grpc-100k";
    KAFKA.kafka().createTopic(topic, 3);
    pixy.keepRequests = false;
    int n = 100_000;
    try (TributaryProducer producer = TributaryProducer.create(config("it-100k").build())) {
      for (int i = 0; i < n; i++) {
        assertThat(producer.offer(record(topic, i))).isTrue();
      }
      DeliveryReport report = producer.flush(Duration.ofSeconds(90));
      assertThat(report.pending()).isZero();
      assertThat(report.sent()).isEqualTo(n);
      assertThat(producer.metrics().failed()).isZero();
    }
    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.kafka().consumeAll(topic, n, Duration.ofSeconds(60));
    assertThat(records).hasSize(n);
    Set<Integer> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      int seq = Integer.parseInt(text(r.headers().lastHeader("seq").value()));
      assertThat(text(r.value())).isEqualTo("v" + seq);
      assertThat(text(r.key())).isEqualTo("k" + (seq % 100));
      seen.add(seq);
    }
    assertThat(seen).hasSize(n);
  }

  @Test
  void nothingIsLostWhileKafkaPixyAnswersUnavailable() throws Exception {
    String topic = "grpc-outage";
    KAFKA.kafka().createTopic(topic, 3);
    pixy.keepRequests = false;
    pixy.script = rq -> Status.UNAVAILABLE.withDescription("producer is shutting down")
        .asRuntimeException();
    int n = 5_000;
    try (TributaryProducer producer = TributaryProducer.create(config("it-outage").build())) {
      for (int i = 0; i < n; i++) {
        assertThat(producer.offer(record(topic, i))).isTrue();
      }
      Waits.until("every record refused at least once", Duration.ofSeconds(30),
          () -> pixy.failedCalls.get() >= n);
      pixy.script = rq -> null;
      DeliveryReport report = producer.flush(Duration.ofSeconds(60));
      assertThat(report.pending()).isZero();
      assertThat(report.sent()).isEqualTo(n);
      assertThat(producer.metrics().retried()).isGreaterThanOrEqualTo(n);
      assertThat(producer.metrics().failed()).isZero();
    }
    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.kafka().consumeAll(topic, n, Duration.ofSeconds(30));
    assertThat(records).extracting(r -> text(r.value())).doesNotHaveDuplicates().hasSize(n);
  }

  @ParameterizedTest
  @EnumSource(names = {"UNAVAILABLE", "UNKNOWN", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED"})
  void aRetriableStatusIsRetriedUntilTheRecordArrives(Status.Code code) throws Exception {
    AtomicInteger refusals = new AtomicInteger(3);
    pixy.script = rq -> refusals.getAndDecrement() > 0
        ? Status.fromCode(code).withDescription("scripted").asRuntimeException() : null;
    try (TributaryProducer producer = TributaryProducer.create(config("it-" + code).build())) {
      RecordMetadata md = producer.send(record("grpc-logs", 1)).get(30, TimeUnit.SECONDS);
      assertThat(md.topic()).isEqualTo("grpc-logs");
      assertThat(md.offset()).isNotNegative();
      assertThat(producer.metrics().retried()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"INVALID_ARGUMENT", "INTERNAL"})
  void aFatalStatusFailsTheRecordAtOnceWithTheServersMessage(Status.Code code) throws Exception {
    pixy.script = rq -> Status.fromCode(code).withDescription("kafka said no")
        .asRuntimeException();
    try (TributaryProducer producer = TributaryProducer.create(config("it-" + code).build())) {
      CompletableFuture<RecordMetadata> f = producer.send(record("grpc-logs", 1));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining(code + ": kafka said no").hasMessageContaining("grpc-logs");
      assertThat(producer.metrics().retried()).isZero();
      assertThat(producer.metrics().failed()).isEqualTo(1);
    }
  }

  @Test
  void anUnknownTopicOrClusterIsRejectedByKafkaPixyAsFatal() throws Exception {
    try (TributaryProducer producer = TributaryProducer.create(config("it-unknown").build());
        TributaryProducer wrongCluster = TributaryProducer.create(config("it-cluster")
            .producerProperty(PixyGrpcProperties.CLUSTER, "nope").build())) {
      CompletableFuture<RecordMetadata> f = producer.send(record("no-such-topic", 1));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("INVALID_ARGUMENT");
      CompletableFuture<RecordMetadata> g = wrongCluster.send(record("grpc-logs", 1));
      assertThatThrownBy(() -> g.get(30, TimeUnit.SECONDS)).cause()
          .hasMessageContaining("cluster `nope` not found");
    }
  }

  @Test
  void anAttemptPastItsDeadlineIsRetriedAndTheRecordArrives() throws Exception {
    pixy.hang = true;
    try (TributaryProducer producer = TributaryProducer.create(config("it-deadline")
        .producerProperty(PixyGrpcProperties.DEADLINE_MS, "300").build())) {
      CompletableFuture<RecordMetadata> f = producer.send(record("grpc-logs", 7));
      Waits.until("the first attempt held", Duration.ofSeconds(10), () -> pixy.heldCount() == 1);
      pixy.hang = false; // the held call is never answered; its deadline must free the record
      assertThat(f.get(30, TimeUnit.SECONDS).topic()).isEqualTo("grpc-logs");
      assertThat(producer.metrics().retried()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void againstAServerThatNeverAnswersRecordsTimeOutAndCloseReturnsInTime() throws Exception {
    pixy.hang = true;
    // Each call may wait an hour for its answer: a close that waited for the calls would wait
    // that hour (see NeverWaits).
    TributaryProducer producer = TributaryProducer.create(config("it-hang")
        .deliveryTimeout(Duration.ofSeconds(2))
        .producerProperty(PixyGrpcProperties.DEADLINE_MS, NeverWaits.networkWaitMillis())
        .build());
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(producer.send(record("grpc-logs", i)));
    }
    for (CompletableFuture<RecordMetadata> f : futures) {
      assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(DeliveryTimeoutException.class);
    }
    CompletableFuture<RecordMetadata> late = producer.send(record("grpc-logs", 99));
    DeliveryReport report = NeverWaits.call("close(1 s) with calls hanging",
        () -> producer.close(Duration.ofSeconds(1)));
    assertThat(report.failed()).isEqualTo(50);
    assertThat(report.pending()).isEqualTo(1);
    assertThat(late).isCompletedExceptionally();
  }

  @Test
  void keylessRecordsReachKafkaWithoutAKey() throws Exception {
    String topic = "grpc-keyless";
    KAFKA.kafka().createTopic(topic, 3);
    try (TributaryProducer producer = TributaryProducer.create(config("it-keyless").build())) {
      for (int i = 0; i < 20; i++) {
        producer.offer(TributaryRecord.of(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
      }
      DeliveryReport report = producer.flush(Duration.ofSeconds(30));
      assertThat(report.sent()).as("%s; pixy %s", report, pixy.state()).isEqualTo(20);
    }
    assertThat(pixy.requests).allMatch(rq -> rq.getKeyUndefined() && rq.getKeyValue().isEmpty());
    assertThat(KAFKA.kafka().consumeAll(topic, 20, Duration.ofSeconds(30)))
        .allMatch(r -> r.key() == null);
  }

  @Test
  void aRecordTooLargeForKafkaPixyFailsWithoutACall() throws Exception {
    try (TributaryProducer producer = TributaryProducer.create(config("it-large")
        .maxRecordBytes(2 << 20).build())) {
      int callsBefore = pixy.calls.get();
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.builder("grpc-logs")
          .value(new byte[3 << 19]).build());
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("at most 1048576");
      assertThat(producer.metrics().failed()).isEqualTo(1);
      assertThat(pixy.calls.get()).isEqualTo(callsBefore);
    }
  }

  @Test
  void theBearerTokenReachesKafkaPixyAndNeverAppearsInAnyMessage() throws Exception {
    String token = "eyJ-s3cr3t-t0ken-42";
    AtomicInteger refusals = new AtomicInteger(2);
    // A careless gateway echoing the token; the SDK must not pass it on.
    pixy.script = rq -> refusals.getAndDecrement() > 0 ? Status.UNAVAILABLE
        .withDescription("token " + token + " not yet valid").asRuntimeException() : null;
    RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    TributaryConfig cfg = config("it-bearer").diagnostics(diagnostics)
        .producerProperty(PixyGrpcProperties.AUTH_BEARER, token).build();
    List<String> texts = new ArrayList<>();
    try (TributaryProducer producer = TributaryProducer.create(cfg)) {
      assertThat(producer.send(record("grpc-logs", 3)).get(30, TimeUnit.SECONDS)).isNotNull();
      assertThat(producer.metrics().retried()).isEqualTo(2);
      pixy.script = rq -> Status.PERMISSION_DENIED.withDescription("who is " + token + "?")
          .asRuntimeException();
      CompletableFuture<RecordMetadata> denied = producer.send(record("grpc-logs", 4));
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> denied.get(30, TimeUnit.SECONDS));
      texts.add(RecordingDiagnostics.chain(e));
      texts.add(producer.toString());
    }
    Metadata.Key<String> auth = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    assertThat(pixy.lastHeaders.get(auth)).isEqualTo("Bearer " + token);
    texts.add(cfg.toString());
    texts.addAll(diagnostics.lines);
    assertThat(diagnostics.lines).isNotEmpty();
    assertThat(texts).noneMatch(t -> t.contains("s3cr3t"));
  }
}

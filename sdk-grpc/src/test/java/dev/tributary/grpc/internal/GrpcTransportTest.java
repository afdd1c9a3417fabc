package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.testkit.FakePixy;
import dev.tributary.grpc.testkit.ListBatch;
import dev.tributary.grpc.testkit.RecordingCallback;
import dev.tributary.grpc.testkit.Waits;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.NeverWaits;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transport against a scripted kafka-pixy on 127.0.0.1, one record batch at a time. */
class GrpcTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final FakePixy pixy = FakePixy.standalone().start();
  private final List<GrpcTransport> transports = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (GrpcTransport t : transports) {
      t.close(Duration.ofSeconds(2));
    }
    pixy.close();
  }

  private GrpcTransport transport(Map<String, String> props) {
    return transport(props, Deadline.getSystemTicker());
  }

  private GrpcTransport transport(Map<String, String> props, Deadline.Ticker ticker) {
    return transport("pixy+grpc://127.0.0.1:" + pixy.port(), props, ticker);
  }

  private GrpcTransport transport(String uri, Map<String, String> props, Deadline.Ticker ticker) {
    TributaryConfig config = TributaryConfig.builder(uri).clientId("unit")
        .diagnostics(Diagnostics.none()).jmxEnabled(false).producerProperties(props).build();
    GrpcSettings settings = GrpcSettings.parse(config.destination(), config);
    GrpcTransport t = new GrpcTransport(PixyChannel.open(settings, config.clientId()), settings,
        uri, Diagnostics.none(), ticker);
    transports.add(t);
    return t;
  }

  private static RecordingCallback send(GrpcTransport t, TributaryRecord... records)
      throws InterruptedException {
    RecordingCallback cb = new RecordingCallback(records.length);
    t.send(ListBatch.of(records), cb);
    assertThat(cb.await(WAIT)).as("every record reported").isTrue();
    assertThat(cb.duplicates).hasValue(0);
    return cb;
  }

  private static TributaryRecord record(String value) {
    return TributaryRecord.builder("logs").key("k").value(value).build();
  }

  @Test
  void aKeyedRecordIsSentWithTopicKeyValueHeadersAndClusterAndSucceedsWithItsOffset()
      throws Exception {
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.CLUSTER, "eu"));
    RecordingCallback cb = send(t, TributaryRecord.builder("logs").key("order-1").value("v1")
        .header("level", "INFO").header("trace", new byte[] {0, 1, 2}).build(), record("v2"));

    assertThat(cb.get(0).kind()).isEqualTo("succeeded");
    assertThat(cb.get(0).metadata().topic()).isEqualTo("logs");
    assertThat(cb.get(1).metadata().offset()).isNotEqualTo(cb.get(0).metadata().offset());
    ProdRq rq = pixy.requests.stream().filter(r -> r.getMessage().toStringUtf8().equals("v1"))
        .findFirst().orElseThrow();
    assertThat(rq.getTopic()).isEqualTo("logs");
    assertThat(rq.getCluster()).isEqualTo("eu");
    assertThat(rq.getKeyValue().toStringUtf8()).isEqualTo("order-1");
    assertThat(rq.getKeyUndefined()).isFalse();
    assertThat(rq.getAsyncMode()).as("sync mode: the answer proves Kafka has it").isFalse();
    assertThat(rq.getHeadersList()).extracting(h -> h.getKey()).containsExactly("level", "trace");
    assertThat(rq.getHeaders(1).getValue().toByteArray()).containsExactly(0, 1, 2);
  }

  @Test
  void asyncModeSetsAsyncModeAndReportsRecordsAcceptedNotSucceeded() throws Exception {
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.ASYNC, "true"));
    RecordingCallback cb = send(t, record("v1"));
    assertThat(cb.get(0).kind()).isEqualTo("accepted");
    assertThat(cb.get(0).metadata()).isEqualTo(new RecordMetadata("logs", -1, -1));
    assertThat(pixy.requests.peek().getAsyncMode()).isTrue();
  }

  @Test
  void unavailableCutsTheLimitOfCallsInFlightWhileARefusedRecordDoesNot() throws Exception {
    GrpcTransport t = transport(Map.of());
    int initial = t.gate().limit().limit();
    pixy.script = rq -> Status.INVALID_ARGUMENT.withDescription("unknown topic")
        .asRuntimeException();
    assertThat(send(t, record("a")).get(0).kind()).isEqualTo("fatal");
    assertThat(t.gate().limit().limit()).isEqualTo(initial);
    pixy.script = rq -> Status.UNAVAILABLE.withDescription("shutting down")
        .asRuntimeException();
    assertThat(send(t, record("b")).get(0).kind()).isEqualTo("retriable");
    assertThat(t.gate().limit().limit()).isEqualTo(initial / 2);
  }

  @Test
  void aKeylessRecordSetsKeyUndefinedSoKafkaPixySpreadsIt() throws Exception {
    send(transport(Map.of()), TributaryRecord.of("logs", "no key".getBytes(StandardCharsets.UTF_8)),
        TributaryRecord.of("logs", new byte[0], "empty key".getBytes(StandardCharsets.UTF_8)));

    Map<String, ProdRq> byValue = new LinkedHashMap<>();
    pixy.requests.forEach(r -> byValue.put(r.getMessage().toStringUtf8(), r));
    assertThat(byValue.get("no key").getKeyUndefined()).isTrue();
    assertThat(byValue.get("empty key").getKeyUndefined()).as("an empty key is a key").isFalse();
  }

  @ParameterizedTest
  @CsvSource({"INVALID_ARGUMENT, fatal", "UNAVAILABLE, retriable", "INTERNAL, fatal",
      "UNKNOWN, retriable", "DEADLINE_EXCEEDED, retriable", "RESOURCE_EXHAUSTED, retriable",
      "CANCELLED, retriable", "ABORTED, retriable", "UNAUTHENTICATED, fatal",
      "PERMISSION_DENIED, fatal", "UNIMPLEMENTED, fatal", "NOT_FOUND, fatal"})
  void eachStatusFromKafkaPixyIsClassifiedRetriableOrFatal(Status.Code code, String kind)
      throws Exception {
    pixy.script = rq -> Status.fromCode(code).withDescription("scripted " + code)
        .asRuntimeException();
    RecordingCallback.Outcome o = send(transport(Map.of()), record("x")).get(0);

    assertThat(o.kind()).isEqualTo(kind);
    assertThat(o.cause()).isInstanceOf(TributaryException.class)
        .hasMessageContaining(code + ": scripted " + code);
    assertThat(((TributaryException) o.cause()).isRetriable()).isEqualTo(kind.equals("retriable"));
    if (kind.equals("fatal")) {
      assertThat(o.cause()).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("topic 'logs'");
    }
  }

  @Test
  void aRetryPushbackTrailerBecomesTheRetryAfterHint() throws Exception {
    Metadata trailers = new Metadata();
    trailers.put(StatusPolicy.RETRY_PUSHBACK, "1500");
    pixy.script = rq -> Status.UNAVAILABLE.asRuntimeException(trailers);

    RecordingCallback.Outcome o = send(transport(Map.of()), record("x")).get(0);
    assertThat(o.kind()).isEqualTo("retriable");
    assertThat(o.retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aRecordOverKafkaPixysOneMebibyteLimitIsFatalAndNeverSent() throws Exception {
    GrpcTransport t = transport(Map.of());
    RecordingCallback cb = send(t,
        TributaryRecord.builder("logs").value(new byte[PixyGrpcProperties.MAX_REQUEST_BYTES])
            .build(),
        TributaryRecord.builder("logs").value(new byte[PixyGrpcProperties.MAX_REQUEST_BYTES - 64])
            .build());

    assertThat(cb.get(0).kind()).isEqualTo("fatal");
    assertThat(cb.get(0).cause()).isInstanceOf(DeliveryFailedException.class)
        .hasMessageContaining("kafka-pixy accepts at most 1048576");
    assertThat(cb.get(1).kind()).as("just under the limit still goes").isEqualTo("succeeded");
    assertThat(pixy.calls).hasValue(1);
  }

  @Test
  void aServerThatNeverAnswersFailsTheAttemptRetriablyAtItsDeadline() throws Exception {
    pixy.hang = true;
    RecordingCallback.Outcome o = send(transport(Map.of(PixyGrpcProperties.DEADLINE_MS, "200")),
        record("x")).get(0);

    assertThat(o.kind()).isEqualTo("retriable");
    assertThat(o.cause()).hasMessageContaining("DEADLINE_EXCEEDED");
  }

  @Test
  void noMoreThanMaxInFlightCallsAreOpenAtOnce() throws Exception {
    pixy.hang = true;
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.MAX_IN_FLIGHT, "3"));
    TributaryRecord[] records = new TributaryRecord[10];
    for (int i = 0; i < records.length; i++) {
      records[i] = record("v" + i);
    }
    RecordingCallback cb = new RecordingCallback(records.length);
    t.send(new ListBatch(List.of(records)), cb);

    Waits.until("3 calls at the server", WAIT, () -> pixy.active() == 3);
    assertThat(t.inFlight()).isEqualTo(3);
    assertThat(cb.outcomes).isEmpty();
    pixy.hang = false;
    pixy.releaseHeld();
    assertThat(cb.await(WAIT)).isTrue();
    assertThat(cb.outcomes.values()).extracting(RecordingCallback.Outcome::kind)
        .containsOnly("succeeded");
    assertThat(pixy.maxActive).hasValue(3);
    assertThat(t.inFlight()).isZero();
  }

  @Test
  void aRecordStillWaitingForASlotWhenItsDeadlinePassesFailsWithoutACall() throws Exception {
    AtomicLong now = new AtomicLong();
    Deadline.Ticker ticker = new Deadline.Ticker() {
      @Override
      public long nanoTime() {
        return now.get();
      }
    };
    pixy.hang = true;
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.MAX_IN_FLIGHT, "1",
        PixyGrpcProperties.DEADLINE_MS, "60000"), ticker);
    RecordingCallback cb = new RecordingCallback(2);
    t.send(ListBatch.of(record("first"), record("second")), cb);
    Waits.until("the first call at the server", WAIT, () -> pixy.active() == 1);

    now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    pixy.releaseHeld();

    assertThat(cb.await(WAIT)).isTrue();
    assertThat(cb.get(0).kind()).isEqualTo("succeeded");
    assertThat(cb.get(1).kind()).isEqualTo("retriable");
    assertThat(cb.get(1).cause()).hasMessageContaining("call slots")
        .hasMessageContaining(PixyGrpcProperties.MAX_IN_FLIGHT);
    assertThat(pixy.calls).as("the second record never went out").hasValue(1);
  }

  @Test
  void closeFailsQueuedAndInFlightRecordsRetriablyAndReturnsByItsTimeout() throws Exception {
    pixy.hang = true;
    // The calls may wait an hour for their answer: a close that waited for them would wait
    // that hour (see NeverWaits).
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.MAX_IN_FLIGHT, "2",
        PixyGrpcProperties.DEADLINE_MS, NeverWaits.networkWaitMillis()));
    RecordingCallback cb = new RecordingCallback(5);
    t.send(ListBatch.of(record("a"), record("b"), record("c"), record("d"), record("e")), cb);
    Waits.until("2 calls at the server", WAIT, () -> pixy.active() == 2);

    NeverWaits.run("close(300 ms) with calls hanging", () -> t.close(Duration.ofMillis(300)));

    assertThat(cb.await(WAIT)).isTrue();
    assertThat(cb.duplicates).hasValue(0);
    assertThat(cb.outcomes.values()).extracting(RecordingCallback.Outcome::kind)
        .containsOnly("retriable");
    Waits.until("the transport's threads to end", WAIT, () -> Thread.getAllStackTraces().keySet()
        .stream().noneMatch(th -> th.getName().startsWith("tributary-grpc-unit")));
  }

  @Test
  void recordsHandedOverAfterCloseAreReportedRetriable() throws Exception {
    GrpcTransport t = transport(Map.of());
    t.close(Duration.ofSeconds(1));
    RecordingCallback.Outcome o = send(t, record("late")).get(0);
    assertThat(o.kind()).isEqualTo("retriable");
    assertThat(o.cause()).hasMessageContaining("closed");
    assertThat(pixy.calls).hasValue(0);
  }

  @Test
  void outcomesArriveOnTheTransportsOwnNamedDaemonThread() throws Exception {
    RecordingCallback.Outcome o = send(transport(Map.of()), record("x")).get(0);
    assertThat(o.thread()).startsWith("tributary-grpc-unit");
  }

  @Test
  void aRefusedConnectionIsRetriableAndSaysWhy() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    GrpcTransport t = transport("pixy+grpc://127.0.0.1:" + deadPort, Map.of(),
        Deadline.getSystemTicker());
    RecordingCallback.Outcome o = send(t, record("x")).get(0);
    assertThat(o.kind()).isEqualTo("retriable");
    assertThat(o.cause()).hasMessageContaining("UNAVAILABLE")
        .hasMessageContaining("Connection refused");
  }

  @Test
  void theBearerTokenAndCustomMetadataReachTheServer() throws Exception {
    send(transport(Map.of(PixyGrpcProperties.AUTH_BEARER, "s3cr3t-t0ken",
        "grpc.metadata.X-Tenant", "blue")), record("x"));

    Metadata h = pixy.lastHeaders;
    assertThat(h.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("Bearer s3cr3t-t0ken");
    assertThat(h.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("blue");
  }

  @Test
  void aServerMessageEchoingTheTokenIsWithheldFromTheCause() throws Exception {
    pixy.script = rq -> Status.UNAUTHENTICATED.withDescription("bad token s3cr3t-t0ken")
        .asRuntimeException();
    GrpcTransport t = transport(Map.of(PixyGrpcProperties.AUTH_BEARER, "s3cr3t-t0ken"));
    RecordingCallback.Outcome o = send(t, record("x")).get(0);

    assertThat(o.kind()).isEqualTo("fatal");
    assertThat(o.cause()).hasMessageContaining("UNAUTHENTICATED").hasMessageContaining("withheld")
        .hasNoCause();
    assertThat(o.cause().getMessage()).doesNotContain("s3cr3t");
    assertThat(t.toString()).doesNotContain("s3cr3t").contains("authorization");
  }
}

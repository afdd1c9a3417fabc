package dev.tributary.internal.pixy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.tributary.internal.http.RecordingCallback.Kind.FATAL;
import static dev.tributary.internal.http.RecordingCallback.Kind.RETRIABLE;
import static dev.tributary.internal.http.RecordingCallback.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.RecordingCallback;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.NeverWaits;
import dev.tributary.testkit.SilentServer;
import dev.tributary.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pixy+http transport against WireMock playing kafka-pixy: each status, body and broken
 * connection, and the record outcome it must give. One record per request.
 */
class PixyHttpTransportIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final WireMockExtension PIXY = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final List<Transport> transports = new ArrayList<>();

  @AfterEach
  void closeTransports() {
    transports.forEach(t -> t.close(Duration.ofSeconds(1)));
  }

  private Transport transport(Map<String, String> props) {
    return transport("pixy+http://127.0.0.1:" + PIXY.getPort(), props);
  }

  private Transport transport(String uri, Map<String, String> props) {
    TributaryConfig config = TributaryConfig.builder(uri).producerProperties(props)
        .jmxEnabled(false).build();
    Transport t = new PixyHttpTransportProvider().create(Destination.parse(uri), config,
        Diagnostics.none());
    transports.add(t);
    return t;
  }

  private RecordingCallback send(Transport t, TributaryRecord... records)
      throws InterruptedException {
    RecordingCallback cb = new RecordingCallback(records.length);
    t.send(RecordingCallback.batch(List.of(records)), cb);
    return cb.await(WAIT);
  }

  private static TributaryRecord record() {
    return TributaryRecord.builder("logs").value("{\"msg\":\"hi\"}").build();
  }

  private void answer(int status, String body, String... headers) {
    var response = aResponse().withStatus(status).withBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      response.withHeader(headers[i], headers[i + 1]);
    }
    PIXY.stubFor(post(urlPathEqualTo("/topics/logs/messages")).willReturn(response));
  }

  @Test
  void successSendsPixysExactRequestShapeAndReportsPartitionAndOffset() throws Exception {
    answer(200, "{\n  \"partition\": 2,\n  \"offset\": 41\n}", "Content-Type",
        "application/json");
    RecordingCallback cb = send(transport(Map.of("http.auth.bearer", "tkn")),
        TributaryRecord.builder("logs").key("k 1").value("body").header("trace", "t1").build(),
        TributaryRecord.builder("logs").value("{}").build());
    assertThat(cb.get(0).metadata()).isEqualTo(new RecordMetadata("logs", 2, 41));
    assertThat(cb.count(SUCCEEDED)).isEqualTo(2);
    PIXY.verify(postRequestedFor(urlPathEqualTo("/topics/logs/messages"))
        .withHeader("Content-Type", equalTo("text/plain"))
        .withHeader("Content-Length", equalTo("4"))
        .withHeader("Transfer-Encoding", absent())
        .withHeader("Authorization", equalTo("Bearer tkn"))
        .withHeader("X-Kafka-trace", equalTo("dDE="))
        .withQueryParam("key", equalTo("k 1"))
        .withQueryParam("sync", matching(".*")));
    PIXY.verify(postRequestedFor(urlPathEqualTo("/topics/logs/messages"))
        .withQueryParam("key", absent()).withHeader("Content-Length", equalTo("2")));
  }

  @Test
  void clusterNameGoesIntoThePath() throws Exception {
    PIXY.stubFor(post(urlPathEqualTo("/clusters/eu/topics/logs/messages"))
        .willReturn(aResponse().withBody("{\"partition\":0,\"offset\":1}")));
    assertThat(send(transport(Map.of("pixy.cluster", "eu")), record()).count(SUCCEEDED))
        .isEqualTo(1);
  }

  @Test
  void unknownTopicAndBadRequestAreFatalWithThePixyMessage() throws Exception {
    answer(404, "{\"error\":\"kafka server: Request was for a topic or partition that does "
        + "not exist on this broker.\"}");
    RecordingCallback cb = send(transport(Map.of()), record());
    assertThat(cb.get(0).kind()).isEqualTo(FATAL);
    assertThat(cb.get(0).cause()).hasMessageContaining("HTTP 404")
        .hasMessageContaining("does not exist on this broker")
        .hasMessageContaining("POST http://127.0.0.1:" + PIXY.getPort()
            + "/topics/logs/messages");
    answer(400, "{\"error\":\"Unsupported content type text/plain; charset=utf-8\"}");
    assertThat(send(transport(Map.of()), record()).get(0).kind()).isEqualTo(FATAL);
  }

  @Test
  void aMessageOverThePixyLimitIsFatalButOther500sAreRetried() throws Exception {
    answer(500, "{\"error\":\"kafka server: Message was too large, server rejected it to "
        + "avoid allocation error.\"}");
    assertThat(send(transport(Map.of()), record()).get(0).kind()).isEqualTo(FATAL);
    answer(500, "{\"error\":\"kafka: client has run out of available brokers to talk to\"}");
    assertThat(send(transport(Map.of()), record()).get(0).kind()).isEqualTo(RETRIABLE);
  }

  @Test
  void unavailableAndOverloadedAreRetriableAndHonourRetryAfter() throws Exception {
    answer(503, "{\"error\":\"service is shutting down\"}", "Retry-After", "2");
    RecordingCallback cb = send(transport(Map.of()), record());
    assertThat(cb.get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cb.get(0).cause()).hasMessageContaining("service is shutting down");

    answer(429, "<html><head><title>429 Too Many Requests</title></head><body>nginx</body>"
        + "</html>", "Retry-After", "1", "Content-Type", "text/html");
    cb = send(transport(Map.of()), record());
    assertThat(cb.get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(cb.get(0).cause()).hasMessageContaining("429 Too Many Requests");

    for (int status : new int[] {502, 504}) {
      answer(status, "<html><body>gateway</body></html>");
      assertThat(send(transport(Map.of()), record()).get(0).kind()).as("%d", status)
          .isEqualTo(RETRIABLE);
    }
  }

  @Test
  void okHttpNeverReplaysARequestItselfEvenWhenTheProxySaysRetryNow() throws Exception {
    // OkHttp follows a 503 with Retry-After: 0 by resending, unless the body is one-shot.
    answer(503, "{\"error\":\"producer disabled\"}", "Retry-After", "0");
    RecordingCallback cb = send(transport(Map.of()), record());
    assertThat(cb.get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(0).retryAfter()).isEqualTo(Duration.ZERO);
    PIXY.verify(1, postRequestedFor(urlPathEqualTo("/topics/logs/messages")));
    answer(408, "");
    assertThat(send(transport(Map.of()), record()).get(0).kind()).isEqualTo(RETRIABLE);
    PIXY.verify(2, postRequestedFor(urlPathEqualTo("/topics/logs/messages")));
  }

  @Test
  void slowAnswersTimeOutRetriably() throws Exception {
    PIXY.stubFor(post(urlPathEqualTo("/topics/logs/messages")).willReturn(
        aResponse().withFixedDelay(3_000).withBody("{\"partition\":0,\"offset\":1}")));
    RecordingCallback cb = send(transport(Map.of("http.call.timeout.ms", "300")), record());
    assertThat(cb.get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(0).cause()).hasMessageContaining("timeout");
  }

  @Test
  void brokenConnectionsAndHalfWrittenBodiesAreRetriable() throws Exception {
    for (Fault fault : Fault.values()) {
      PIXY.stubFor(post(urlPathEqualTo("/topics/logs/messages"))
          .willReturn(aResponse().withFault(fault)));
      RecordingCallback cb = send(transport(Map.of()), record());
      assertThat(cb.get(0).kind()).as(fault.name()).isEqualTo(RETRIABLE);
    }
    for (String body : new String[] {"{\"partition\": 0, \"off", "<html>OK</html>", ""}) {
      answer(200, body);
      RecordingCallback cb = send(transport(Map.of()), record());
      assertThat(cb.get(0).kind()).as(body).isEqualTo(RETRIABLE);
      assertThat(cb.get(0).cause()).hasMessageContaining("malformed body");
    }
  }

  @Test
  void nobodyListeningIsRetriable() throws Exception {
    RecordingCallback cb = send(transport("pixy+http://127.0.0.1:" + InProcessKafka.freePort(),
        Map.of("http.connect.timeout.ms", "1000")), record());
    assertThat(cb.get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(0).cause()).hasMessageContaining("failed");
  }

  @Test
  void aHeaderHttpCannotCarryFailsOnlyItsRecord() throws Exception {
    answer(200, "{\"partition\":0,\"offset\":1}");
    RecordingCallback cb = send(transport(Map.of()),
        TributaryRecord.builder("logs").value("a").header("bad name", "x").build(), record());
    assertThat(cb.get(0).kind()).isEqualTo(FATAL);
    assertThat(cb.get(0).cause()).hasMessageContaining("'bad name'");
    assertThat(cb.get(1).kind()).isEqualTo(SUCCEEDED);
  }

  @Test
  void asyncModeReportsRecordsAcceptedByTheProxyNotSent() throws Exception {
    answer(200, "{}");
    RecordingCallback cb = send(transport(Map.of("pixy.async", "true")), record());
    assertThat(cb.get(0).kind()).isEqualTo(RecordingCallback.Kind.ACCEPTED);
    assertThat(cb.get(0).metadata()).isEqualTo(new RecordMetadata("logs", -1, -1));
    PIXY.verify(postRequestedFor(urlPathEqualTo("/topics/logs/messages"))
        .withQueryParam("sync", absent()));
  }

  @Test
  void anAsyncModeErrorAnswerIsStillAnError() throws Exception {
    answer(404, "{\"error\":\"unknown topic\"}");
    RecordingCallback cb = send(transport(Map.of("pixy.async", "true")), record());
    assertThat(cb.get(0).kind()).isEqualTo(FATAL);
  }

  @Test
  void overloadAnswersCutTheLimitWhileRefusedRecordsDoNot() throws Exception {
    Transport t = transport(Map.of());
    RequestGate gate = ((PixyHttpTransport) t).gate();
    int initial = gate.limit().limit();
    answer(404, "{\"error\":\"kafka server: Request was for a topic or partition that does not "
        + "exist on this broker.\"}");
    assertThat(send(t, record()).get(0).kind()).isEqualTo(FATAL);
    assertThat(gate.inFlight()).as("freed before the record is reported").isZero();
    assertThat(gate.limit().limit()).isEqualTo(initial);
    answer(503, "busy");
    assertThat(send(t, record()).get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(gate.limit().limit()).isEqualTo(initial / 2);
    PIXY.stubFor(post(urlPathEqualTo("/topics/logs/messages"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThat(send(t, record()).get(0).kind()).isEqualTo(RETRIABLE);
    assertThat(gate.limit().limit()).isEqualTo(initial / 4);
  }

  @Test
  void manyRecordsShareTheBoundedConnectionPoolAndAllComplete() throws Exception {
    answer(200, "{\"partition\":0,\"offset\":1}");
    TributaryRecord[] records = new TributaryRecord[300];
    java.util.Arrays.fill(records, record());
    RecordingCallback cb = send(transport(Map.of("pixy.max.in.flight", "4")), records);
    assertThat(cb.count(SUCCEEDED)).isEqualTo(300);
  }

  @Test
  void closeCancelsWhatIsStillInFlightAndEveryRecordStillHearsOnce() throws Exception {
    // A proxy that never answers, and calls allowed an hour: a close that waited for the calls
    // would wait that hour (see NeverWaits).
    try (SilentServer silent = SilentServer.start()) {
      Transport t = transport("pixy+http://127.0.0.1:" + silent.port(), Map.of(
          "pixy.max.in.flight", "2", "http.call.timeout.ms", NeverWaits.networkWaitMillis()));
      RecordingCallback cb = new RecordingCallback(5);
      t.send(RecordingCallback.batch(List.of(record(), record(), record(), record(), record())),
          cb);
      Waits.until("two calls at the proxy", WAIT, () -> silent.connections() >= 2);
      NeverWaits.run("close(200 ms) with calls in flight", () -> t.close(Duration.ofMillis(200)));
      assertThat(cb.await(WAIT).count(RETRIABLE)).isEqualTo(5);
      // After close, nothing is sent and the record still gets its one answer.
      RecordingCallback late = new RecordingCallback(1);
      t.send(RecordingCallback.batch(List.of(record())), late);
      assertThat(late.await(WAIT).get(0).kind()).isEqualTo(RETRIABLE);
    }
  }
}

package dev.tributary.internal.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rest+http transport against WireMock playing a v2 REST proxy: the request it sends, each
 * whole-request status and error dialect, and broken connections. Batches of three records to
 * {@code logs}.
 */
class RestProxyTransportIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String V2_BINARY = "application/vnd.kafka.binary.v2+json";

  @RegisterExtension
  static final WireMockExtension REST = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final List<Transport> transports = new ArrayList<>();

  @AfterEach
  void closeTransports() {
    transports.forEach(t -> t.close(Duration.ofSeconds(1)));
  }

  private Transport transport(Map<String, String> props) {
    String uri = "rest+http://127.0.0.1:" + REST.getPort();
    TributaryConfig config = TributaryConfig.builder(uri).producerProperties(props)
        .jmxEnabled(false).build();
    Transport t = new RestProxyTransportProvider().create(Destination.parse(uri), config,
        Diagnostics.none());
    transports.add(t);
    return t;
  }

  private static List<TributaryRecord> three() {
    return List.of(TributaryRecord.builder("logs").key("a").value("one").build(),
        TributaryRecord.builder("logs").value("two").header("h", "v").build(),
        TributaryRecord.builder("logs").key("c").value("three").build());
  }

  private RecordingCallback send(Map<String, String> props, List<TributaryRecord> records)
      throws InterruptedException {
    RecordingCallback cb = new RecordingCallback(records.size());
    transport(props).send(RecordingCallback.batch(records), cb);
    return cb.await(WAIT);
  }

  private void answer(int status, String body, String... headers) {
    var response = aResponse().withStatus(status).withBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      response.withHeader(headers[i], headers[i + 1]);
    }
    REST.stubFor(post(urlEqualTo("/topics/logs")).willReturn(response));
  }

  @Test
  void oneBatchIsOneRequestWithTheExactV2BinaryShape() throws Exception {
    answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":1,\"error_code\":null,\"error\":null},"
        + "{\"partition\":1,\"offset\":2,\"error_code\":null,\"error\":null},{\"partition\":0,"
        + "\"offset\":3,\"error_code\":null,\"error\":null}],\"key_schema_id\":null,"
        + "\"value_schema_id\":null}", "Content-Type", "application/vnd.kafka.v2+json");
    RecordingCallback cb = send(Map.of("http.auth.basic.user", "svc",
        "http.auth.basic.password", "pw", "http.header.X-Tenant", "blue"), three());
    assertThat(cb.get(1).metadata()).isEqualTo(new RecordMetadata("logs", 1, 2));
    assertThat(cb.count(SUCCEEDED)).isEqualTo(3);
    REST.verify(1, postRequestedFor(urlEqualTo("/topics/logs"))
        .withHeader("Content-Type", equalTo(V2_BINARY))
        .withHeader("Content-Length", equalTo("94"))
        .withHeader("Transfer-Encoding", absent())
        .withHeader("Authorization", equalTo("Basic c3ZjOnB3"))
        .withHeader("X-Tenant", equalTo("blue"))
        .withRequestBody(equalToJson("{\"records\":[{\"key\":\"YQ==\",\"value\":\"b25l\"},"
            + "{\"value\":\"dHdv\"},{\"key\":\"Yw==\",\"value\":\"dGhyZWU=\"}]}")));
  }

  @Test
  void headersAreSentOnlyWhenOptedIn() throws Exception {
    answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":1},{\"partition\":0,\"offset\":2},"
        + "{\"partition\":0,\"offset\":3}]}");
    send(Map.of("rest.headers", "true"), three());
    REST.verify(postRequestedFor(urlEqualTo("/topics/logs")).withRequestBody(equalToJson(
        "{\"records\":[{\"key\":\"YQ==\",\"value\":\"b25l\"},{\"value\":\"dHdv\",\"headers\":"
            + "[{\"key\":\"h\",\"value\":\"dg==\"}]},{\"key\":\"Yw==\",\"value\":\"dGhyZWU=\"}]}")));
  }

  @Test
  void aBatchSpanningTopicsIsOneRequestPerTopic() throws Exception {
    answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":1},{\"partition\":0,\"offset\":2}]}");
    REST.stubFor(post(urlEqualTo("/topics/audit")).willReturn(aResponse()
        .withBody("{\"offsets\":[{\"partition\":3,\"offset\":9}]}")));
    RecordingCallback cb = send(Map.of(), List.of(TributaryRecord.of("logs", new byte[] {1}),
        TributaryRecord.of("audit", new byte[] {2}), TributaryRecord.of("logs", new byte[] {3})));
    assertThat(cb.get(1).metadata()).isEqualTo(new RecordMetadata("audit", 3, 9));
    assertThat(cb.get(2).metadata()).isEqualTo(new RecordMetadata("logs", 0, 2));
  }

  @Test
  void perRecordFailuresInEachDialect() throws Exception {
    answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":1,\"error_code\":null,\"error\":null},"
        + "{\"partition\":null,\"offset\":null,\"error_code\":50003,\"error\":\"Leader not "
        + "available\"},{\"partition\":null,\"offset\":null,\"error_code\":50002,\"error\":"
        + "\"Kafka error\"}]}");
    RecordingCallback confluent = send(Map.of(), three());
    assertThat(List.of(confluent.get(0).kind(), confluent.get(1).kind(), confluent.get(2).kind()))
        .containsExactly(SUCCEEDED, RETRIABLE, FATAL);

    answer(200, "{\"offsets\":[{\"error_code\":404,\"message\":\"Topic not found\"},"
        + "{\"error_code\":500,\"message\":\"Expiring 1 record(s)\"},{\"partition\":0,"
        + "\"offset\":5}]}");
    RecordingCallback strimzi = send(Map.of(), three());
    assertThat(List.of(strimzi.get(0).kind(), strimzi.get(1).kind(), strimzi.get(2).kind()))
        .containsExactly(FATAL, RETRIABLE, SUCCEEDED);
    assertThat(strimzi.get(0).cause()).hasMessageContaining("Topic not found");

    answer(500, "{\"key_schema_id\":null,\"value_schema_id\":null,\"offsets\":[{\"error_code\":"
        + "2,\"error\":\"NotLeaderForPartition\"},{\"offset\":3,\"partition\":1},{\"error_code\":"
        + "1,\"error\":\"Invalid data\"}]}");
    RecordingCallback karapace = send(Map.of(), three());
    assertThat(List.of(karapace.get(0).kind(), karapace.get(1).kind(), karapace.get(2).kind()))
        .containsExactly(RETRIABLE, SUCCEEDED, FATAL);
  }

  @Test
  void wholeRequestClientErrorsAreFatalWithTheProxysMessage() throws Exception {
    String[][] cases = {
        {"404", "{\"error_code\":40401,\"message\":\"Topic logs not found.\"}", "not found"},
        {"401", "{\"error_code\":401,\"message\":\"Unauthorized\"}", "Unauthorized"},
        {"415", "{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type\"}", "415"},
        {"422", "{\"error_code\":42201,\"message\":\"Request includes keys and uses a format "
            + "that requires schemas\"}", "requires schemas"},
        {"500", "{\"error_code\":50002,\"message\":\"Kafka error: record too large\"}", "large"}};
    for (String[] c : cases) {
      answer(Integer.parseInt(c[0]), c[1]);
      RecordingCallback cb = send(Map.of(), three());
      assertThat(cb.count(FATAL)).as(c[0]).isEqualTo(3);
      assertThat(cb.get(2).cause()).hasMessageContaining("HTTP " + c[0])
          .hasMessageContaining(c[2]);
    }
  }

  @Test
  void overloadAndOutagesAreRetriableWhateverTheBody() throws Exception {
    answer(429, "<!DOCTYPE html><html><body><h1>Too Many Requests</h1></body></html>",
        "Retry-After", "3", "Content-Type", "text/html");
    RecordingCallback cb = send(Map.of(), three());
    assertThat(cb.count(RETRIABLE)).isEqualTo(3);
    assertThat(cb.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(cb.get(0).cause()).hasMessageContaining("Too Many Requests");
    String[][] cases = {{"503", "{\"error_code\":50301,\"message\":\"Service unavailable\"}"},
        {"502", "<html><title>502 Bad Gateway</title></html>"}, {"504", ""},
        {"500", "{\"error_code\":50003,\"message\":\"Kafka retriable error\"}"},
        {"500", "{\"message\":\"Kafka node not ready\",\"code\":500}"}};
    for (String[] c : cases) {
      answer(Integer.parseInt(c[0]), c[1]);
      assertThat(send(Map.of(), three()).count(RETRIABLE)).as(c[0] + c[1]).isEqualTo(3);
    }
  }

  @Test
  void slowBrokenAndHalfWrittenAnswersAreRetriable() throws Exception {
    REST.stubFor(post(urlEqualTo("/topics/logs")).willReturn(aResponse().withFixedDelay(3_000)
        .withBody("{\"offsets\":[]}")));
    assertThat(send(Map.of("http.call.timeout.ms", "300"), three()).count(RETRIABLE))
        .isEqualTo(3);
    for (Fault fault : Fault.values()) {
      REST.stubFor(post(urlEqualTo("/topics/logs")).willReturn(aResponse().withFault(fault)));
      assertThat(send(Map.of(), three()).count(RETRIABLE)).as(fault.name()).isEqualTo(3);
    }
    for (String body : new String[] {"{\"offsets\":[{\"partition\":0,\"offset\":1},{\"parti",
        "{\"offsets\":[{\"partition\":0,\"offset\":1}]}", "<html>OK</html>"}) {
      answer(200, body);
      RecordingCallback cb = send(Map.of(), three());
      assertThat(cb.count(RETRIABLE)).as(body).isEqualTo(3);
    }
  }
}

package dev.tributary.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.tributary.DeliveryFailedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.ProxyException;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real producer pipeline over the HTTP transports, against WireMock: a retriable answer of
 * every kind is retried by the sender until the record is delivered, only failed records are
 * resent, and a fatal answer fails its record with the proxy's message.
 */
class HttpRetryThroughPipelineIT {
  @RegisterExtension
  static final WireMockExtension PROXY = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static TributaryProducer producer(String scheme, String... props) {
    TributaryConfig.Builder b = TributaryConfig.builder(scheme + "://127.0.0.1:"
        + PROXY.getPort())
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .retryBackoff(Duration.ofMillis(10)).retryBackoffMax(Duration.ofMillis(50))
        .deliveryTimeout(Duration.ofSeconds(30)).linger(Duration.ofSeconds(1))
        // Generous: a request that times out before WireMock saw it would skip no step but
        // add a retry; tests that need a timeout set a shorter one.
        .producerProperty("http.call.timeout.ms", "5000");
    for (int i = 0; i < props.length; i += 2) {
      b.producerProperty(props[i], props[i + 1]);
    }
    return TributaryProducer.create(b.build());
  }

  /** Stubs {@code url} to give {@code answers} in turn, the last one for good. */
  private static void inTurn(String url, ResponseDefinitionBuilder... answers) {
    // Scenario state outlives the per-test stub reset; a fresh name starts from the beginning.
    String scenario = "turns-" + System.nanoTime();
    for (int i = 0; i < answers.length; i++) {
      var stub = post(urlPathEqualTo(url)).inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? STARTED : "step" + i).willReturn(answers[i]);
      if (i < answers.length - 1) {
        stub.willSetStateTo("step" + (i + 1));
      }
      PROXY.stubFor(stub);
    }
  }

  @Test
  void pixyRecordSurvivesResetOutageOverloadTimeoutAndGarbageUntilDelivered() throws Exception {
    inTurn("/topics/logs/messages",
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withStatus(503).withBody("{\"error\":\"service is shutting down\"}"),
        aResponse().withStatus(429).withHeader("Retry-After", "0")
            .withBody("<html><title>Too Many Requests</title></html>"),
        aResponse().withFixedDelay(2_500).withBody("{\"partition\":0,\"offset\":1}"),
        aResponse().withBody("{\"partition\": 0, \"offs"),
        aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"),
        aResponse().withBody("{\n  \"partition\": 3,\n  \"offset\": 77\n}"));
    try (TributaryProducer producer = producer("pixy+http", "http.call.timeout.ms", "1000")) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("logs",
          "payload".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      producer.flush(Duration.ofSeconds(20));
      assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(new RecordMetadata("logs", 3, 77));
      // One retry per failed step; more only if a request timed out before WireMock saw it.
      assertThat(producer.metrics().retried()).isGreaterThanOrEqualTo(6);
      assertThat(producer.metrics().sent()).isEqualTo(1);
    }
    PROXY.verify(postRequestedFor(urlPathEqualTo("/topics/logs/messages")));
    assertThat(PROXY.getAllServeEvents()).hasSizeGreaterThanOrEqualTo(7);
  }

  @Test
  void restResendsOnlyTheRetriableRecordAndFailsTheRejectedOne() throws Exception {
    PROXY.stubFor(post(urlEqualTo("/topics/logs")).withRequestBody(equalToJson(
        "{\"records\":[{\"value\":\"b25l\"},{\"value\":\"dHdv\"},{\"value\":\"dGhyZWU=\"}]}"))
        .willReturn(aResponse().withBody("{\"offsets\":[{\"partition\":0,\"offset\":1,"
            + "\"error_code\":null,\"error\":null},{\"partition\":null,\"offset\":null,"
            + "\"error_code\":50003,\"error\":\"Leader not available\"},{\"partition\":null,"
            + "\"offset\":null,\"error_code\":40301,\"error\":\"Not authorized to access "
            + "topics: [logs]\"}]}")));
    PROXY.stubFor(post(urlEqualTo("/topics/logs")).withRequestBody(equalToJson(
        "{\"records\":[{\"value\":\"dHdv\"}]}"))
        .willReturn(aResponse().withBody("{\"offsets\":[{\"partition\":1,\"offset\":8}]}")));
    try (TributaryProducer producer = producer("rest+http")) {
      List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
      for (String v : new String[] {"one", "two", "three"}) {
        fs.add(producer.send(TributaryRecord.of("logs",
            v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      }
      producer.flush(Duration.ofSeconds(20));
      assertThat(fs.get(0).get(5, TimeUnit.SECONDS).offset()).isEqualTo(1);
      assertThat(fs.get(1).get(5, TimeUnit.SECONDS)).isEqualTo(new RecordMetadata("logs", 1, 8));
      assertThatThrownBy(() -> fs.get(2).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("Not authorized to access topics")
          .hasMessageContaining("error_code 40301")
          .hasCauseInstanceOf(ProxyException.class);
      assertThat(producer.metrics().sent()).isEqualTo(2);
      assertThat(producer.metrics().failed()).isEqualTo(1);
      assertThat(producer.metrics().retried()).isEqualTo(1);
    }
    PROXY.verify(2, postRequestedFor(urlEqualTo("/topics/logs")));
  }

  @Test
  void restWholeBatchOutageThenBrokenAndTruncatedAnswersThenSuccessLosesNothing()
      throws Exception {
    String ok = "{\"offsets\":[{\"partition\":0,\"offset\":5,\"error_code\":null}]}";
    inTurn("/topics/logs",
        aResponse().withStatus(503).withHeader("Retry-After", "0")
            .withBody("{\"error_code\":50301,\"message\":\"Service unavailable\"}"),
        aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
        aResponse().withBody(ok.substring(0, 30)),
        aResponse().withBody(ok));
    try (TributaryProducer producer = producer("rest+http")) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("logs",
          new byte[] {1}));
      producer.flush(Duration.ofSeconds(20));
      assertThat(f.get(5, TimeUnit.SECONDS).offset()).isEqualTo(5);
      assertThat(producer.metrics().retried()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void pixyRejectionFailsTheRecordWithTheProxysReason() throws Exception {
    PROXY.stubFor(post(urlPathEqualTo("/topics/nope/messages")).willReturn(aResponse()
        .withStatus(404).withBody("{\"error\":\"Unknown topic\"}")));
    try (TributaryProducer producer = producer("pixy+http")) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("nope",
          new byte[] {1}));
      producer.flush(Duration.ofSeconds(20));
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
          .isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("rejected by pixy+http://127.0.0.1:")
          .hasMessageContaining("HTTP 404").hasMessageContaining("Unknown topic");
      assertThat(producer.metrics().failed()).isEqualTo(1);
      assertThat(producer.metrics().retried()).isZero();
    }
  }
}

package dev.tributary.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tributary.DeliveryFailedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.Pipeline;
import dev.tributary.testkit.MovableClock;
import dev.tributary.testkit.RecordingDiagnostics;
import dev.tributary.testkit.SecretScan;
import dev.tributary.testkit.TestCa;
import dev.tributary.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pixy+https} through the producer API to a stand-in for kafka-pixy behind a gateway
 * (WireMock) serving a certificate from a self-made CA: a bearer token and basic-auth
 * credentials reach it over TLS, and a gateway that repeats the refused token in its 401 body
 * does not get it into a status line or an exception.
 */
class PixyHttpsAuthIT {
  private static final String TOKEN = "Pixy-Bearer-T0ken";
  private static final String USER = "svc-logs";
  private static final String PASSWORD = "Pixy-Basic-P4ss";
  private static final String STORE_PASSWORD = "Pixy-Server-St0re";
  @TempDir
  static Path dir;
  static WireMockServer gateway;
  static Path caPem;

  @BeforeAll
  static void start() {
    TestCa ca = TestCa.create("gateway-ca");
    caPem = ca.writePem(dir.resolve("gateway-ca.pem"));
    Path serverStore = TestCa.keyStore(dir.resolve("gateway.p12"),
        ca.issue("gateway", "127.0.0.1", "localhost"), ca, STORE_PASSWORD);
    gateway = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort().keystorePath(serverStore.toString()).keystoreType("PKCS12")
        .keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD));
    gateway.start();
    gateway.stubFor(post(urlPathEqualTo("/topics/bearer-logs/messages"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .willReturn(aResponse().withBody("{\"partition\":0,\"offset\":7}")));
    gateway.stubFor(post(urlPathEqualTo("/topics/basic-logs/messages"))
        .withHeader("Authorization", equalTo(basic(USER, PASSWORD)))
        .willReturn(aResponse().withBody("{\"partition\":1,\"offset\":8}")));
    gateway.stubFor(post(urlPathEqualTo("/topics/echo-logs/messages")).willReturn(aResponse()
        .withStatus(401).withBody("{\"error\":\"token " + TOKEN + " is not valid here\"}")));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static TributaryConfig.Builder pixy(RecordingDiagnostics diagnostics) {
    return TributaryConfig.builder("pixy+https://127.0.0.1:" + gateway.httpsPort())
        .diagnostics(diagnostics).jmxEnabled(false)
        // The type follows the file name: .pem is read as PEM.
        .producerProperty("http.tls.truststore.path", caPem.toString());
  }

  private static CompletableFuture<RecordMetadata> sendOne(TributaryConfig config,
      String topic) throws Exception {
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of(topic,
          new byte[] {1}));
      f.handle((md, e) -> null).get(30, TimeUnit.SECONDS);
      return f;
    }
  }

  @Test
  void aBearerTokenReachesTheProxyOverTls() throws Exception {
    RecordMetadata md = sendOne(pixy(new RecordingDiagnostics())
        .producerProperty("http.auth.bearer", TOKEN).build(), "bearer-logs").get();
    assertThat(md).isEqualTo(new RecordMetadata("bearer-logs", 0, 7));
    gateway.verify(1, postRequestedFor(urlPathEqualTo("/topics/bearer-logs/messages"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void basicAuthCredentialsReachTheProxyOverTls() throws Exception {
    RecordMetadata md = sendOne(pixy(new RecordingDiagnostics())
        .producerProperty("http.auth.basic.user", USER)
        .producerProperty("http.auth.basic.password", PASSWORD).build(), "basic-logs").get();
    assertThat(md).isEqualTo(new RecordMetadata("basic-logs", 1, 8));
  }

  @Test
  void aTokenTheGatewayRepeatsInItsRefusalIsNeverShown() throws Exception {
    SecretScan scan = new SecretScan(List.of(TOKEN, PASSWORD, basic(USER, PASSWORD)
        .substring(6)));
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = pixy(status).producerProperty("http.auth.bearer", TOKEN).build();
    scan.add("config", config);
    CompletableFuture<RecordMetadata> f = sendOne(config, "echo-logs");
    Throwable failure = f.handle((md, e) -> e).get();
    scan.addThrowable("future", failure);
    scan.add("status", status);
    assertThat(failure).isInstanceOf(DeliveryFailedException.class)
        .hasMessageContaining("token <redacted> is not valid here");
    assertThat(status.first("Delivery failed")).as(status.toString())
        .contains("answered HTTP 401: token <redacted> is not valid here");
    scan.assertNoSecret();
    gateway.verify(1, postRequestedFor(urlPathEqualTo("/topics/echo-logs/messages"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void anUntrustedGatewayIsRetriedAndNamedAsTls() throws Exception {
    Duration timeout = Duration.ofMinutes(10);
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryConfig config = TributaryConfig.builder("pixy+https://127.0.0.1:"
        + gateway.httpsPort()).diagnostics(status).jmxEnabled(false)
        .producerProperty("http.auth.bearer", TOKEN)
        .deliveryTimeout(timeout).retryBackoffMax(Duration.ofMillis(200)).build();
    // The delivery timeout passes only once the record was retried, on a clock the test moves:
    // on a busy machine the first TLS attempt alone can outlast a timeout of seconds, and a
    // record that expires before any attempt ended has no error to tell.
    MovableClock clock = new MovableClock();
    Pipeline producer = clock.producer(config);
    Throwable failure;
    try {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("bearer-logs",
          new byte[] {1}));
      Waits.until("a failed attempt", Duration.ofSeconds(60),
          () -> producer.metrics().retried() >= 1);
      clock.advance(timeout);
      failure = f.handle((md, e) -> e).get(60, TimeUnit.SECONDS);
    } finally {
      producer.close(Duration.ZERO);
    }
    assertThat(failure).hasMessageContaining("SSL").hasMessageNotContaining(TOKEN);
    assertThat(status.first("Retrying delivery")).contains("PKIX");
  }
}

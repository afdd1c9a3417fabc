package dev.tributary.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.Pipeline;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.MovableClock;
import dev.tributary.testkit.Waits;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rest+https} against a WireMock server that requires a client certificate: custom
 * trust (PEM and PKCS12), a client key store, bearer auth and an extra header all reach the
 * proxy, and no secret shows up in a message.
 */
class HttpTlsIT {
  private static final String STORE_PASSWORD = "st0re-pa55";
  private static final String TOKEN = "t0ken-value";
  @TempDir
  static Path dir;
  private static WireMockServer server;
  private static Path caPem;
  private static Path caP12;
  private static Path clientP12;

  @BeforeAll
  static void startServer() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
        .commonName("tributary-test-ca").build();
    HeldCertificate serverCert = new HeldCertificate.Builder().signedBy(ca)
        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
    HeldCertificate clientCert = new HeldCertificate.Builder().signedBy(ca)
        .commonName("tributary-client").build();
    caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    caP12 = trustStore(dir.resolve("ca.p12"), ca);
    clientP12 = keyStore(dir.resolve("client.p12"), clientCert, ca);
    Path serverP12 = keyStore(dir.resolve("server.p12"), serverCert, ca);
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort().keystorePath(serverP12.toString()).keystoreType("PKCS12")
        .keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD)
        .needClientAuth(true).trustStorePath(caP12.toString()).trustStoreType("PKCS12")
        .trustStorePassword(STORE_PASSWORD));
    server.start();
    server.stubFor(post(urlEqualTo("/kafka/topics/secure"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("X-Tenant", equalTo("blue"))
        .willReturn(aResponse().withBody("{\"offsets\":[{\"partition\":0,\"offset\":3}]}")));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  private static Path keyStore(Path path, HeldCertificate cert, HeldCertificate ca)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("key", cert.keyPair().getPrivate(), STORE_PASSWORD.toCharArray(),
        new Certificate[] {cert.certificate(), ca.certificate()});
    return store(ks, path);
  }

  private static Path trustStore(Path path, HeldCertificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca.certificate());
    return store(ks, path);
  }

  private static Path store(KeyStore ks, Path path) throws Exception {
    try (OutputStream out = Files.newOutputStream(path)) {
      ks.store(out, STORE_PASSWORD.toCharArray());
    }
    return path;
  }

  private static TributaryConfig.Builder config() {
    return TributaryConfig.builder("rest+https://127.0.0.1:" + server.httpsPort() + "/kafka")
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .producerProperty("http.auth.bearer", TOKEN)
        .producerProperty("http.header.X-Tenant", "blue")
        .producerProperty("http.tls.keystore.path", clientP12.toString())
        .producerProperty("http.tls.keystore.password", STORE_PASSWORD);
  }

  private static RecordMetadata sendOne(TributaryConfig config) throws Exception {
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("secure",
          new byte[] {42}));
      return f.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void mutualTlsWithAPemCaFileAndBearerAuthDelivers() throws Exception {
    assertThat(sendOne(config().producerProperty("http.tls.truststore.path", caPem.toString())
        .producerProperty("http.tls.truststore.type", "PEM").build()))
        .isEqualTo(new RecordMetadata("secure", 0, 3));
  }

  @Test
  void mutualTlsWithAPkcs12TrustStoreDelivers() throws Exception {
    assertThat(sendOne(config().producerProperty("http.tls.truststore.path", caP12.toString())
        .producerProperty("http.tls.truststore.password", STORE_PASSWORD).build()).offset())
        .isEqualTo(3);
  }

  @Test
  void anUntrustedServerIsRetriedUntilTheDeliveryTimeoutAndSaysWhy() throws Exception {
    // The delivery timeout passes only once the record was retried, on a clock the test moves:
    // on a busy machine the first TLS attempt alone can outlast a timeout of seconds, and a
    // record that expires before any attempt ended has no error to tell.
    Duration timeout = Duration.ofMinutes(10);
    TributaryConfig c = config().deliveryTimeout(timeout)
        .retryBackoffMax(Duration.ofMillis(200)).build();
    MovableClock clock = new MovableClock();
    Pipeline producer = clock.producer(c);
    try {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("secure",
          new byte[] {42}));
      Waits.until("two failed attempts", Duration.ofSeconds(60),
          () -> producer.metrics().retried() >= 2);
      assertThat(f).isNotDone();
      clock.advance(timeout);
      assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(DeliveryTimeoutException.class)
          .hasMessageContaining("SSL")
          .hasMessageNotContaining(TOKEN).hasMessageNotContaining(STORE_PASSWORD);
    } finally {
      producer.close(Duration.ZERO);
    }
  }

  @Test
  void aWrongKeyStorePasswordFailsAtBuildNamingTheSettingAndFileNotThePassword() {
    assertThatThrownBy(() -> config().producerProperty("http.tls.keystore.password", "nope-pw")
        .build()).isInstanceOfSatisfying(TributaryConfigException.class, e -> {
          assertThat(e.setting()).isEqualTo("producerProperty.http.tls.keystore.password");
          assertThat(e.getMessage()).contains("client.p12").doesNotContain("nope-pw")
              .doesNotContain(STORE_PASSWORD);
        });
  }
}

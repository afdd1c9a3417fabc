package dev.tributary.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the HTTP transports' destinations and producer properties. */
class HttpSettingsTest {
  private static final String SECRET = "s3cr3t-t0ken";

  private static TributaryConfig build(String destination, Map<String, String> props) {
    return TributaryConfig.builder(destination).producerProperties(props).jmxEnabled(false)
        .build();
  }

  private static void assertRejected(String destination, Map<String, String> props,
      String setting, String... fragments) {
    assertThatThrownBy(() -> build(destination, props))
        .isInstanceOfSatisfying(TributaryConfigException.class, e -> {
          assertThat(e.setting()).isEqualTo(setting);
          assertThat(e.getMessage()).contains(fragments).doesNotContain(SECRET);
        });
  }

  @Test
  void everyHttpSchemeBuildsWithDefaults() {
    for (String d : new String[] {"pixy+http://127.0.0.1", "pixy+https://proxy.example",
        "rest+http://127.0.0.1:8082", "rest+https://[::1]:8443/kafka/"}) {
      assertThat(build(d, Map.of()).destination().uri()).isEqualTo(d);
    }
  }

  @Test
  void defaultPortsAreTheProxiesOwnForHttpAnd443ForHttps() {
    assertThat(target("pixy+http://h", "pixy", 19092).base().port()).isEqualTo(19092);
    assertThat(target("rest+http://h", "rest", 8082).base().port()).isEqualTo(8082);
    assertThat(target("rest+https://h", "rest", 8082).base().port()).isEqualTo(443);
    assertThat(target("rest+http://h:1/a/b/", "rest", 8082).append("topics", "t").build()
        .toString()).isEqualTo("http://h:1/a/b/topics/t");
    assertThat(target("pixy+http://h:2", "pixy", 19092).append("topics", "t").build()
        .toString()).isEqualTo("http://h:2/topics/t");
  }

  private static HttpTarget target(String uri, String family, int port) {
    return HttpTarget.parse(Destination.parse(uri), family, port);
  }

  @Test
  void aDestinationWithSeveralHostsOrAQueryIsRefused() {
    assertRejected("rest+http://a:1,b:2", Map.of(), "destination", "exactly one host");
    assertRejected("pixy+http://a:1/x?y=1", Map.of(), "destination", "query");
  }

  @Test
  void unknownKeysAreRefusedWithTheAcceptedListAndNoValue() {
    assertRejected("rest+http://h", Map.of("http.conect.timeout.ms", SECRET),
        "producerProperty.http.conect.timeout.ms", "not a setting of rest+http destinations",
        "http.connect.timeout.ms", "rest.headers", "<redacted>",
        "did you mean 'http.connect.timeout.ms'");
    assertRejected("rest+http://h", Map.of("acks", "all"), "producerProperty.acks",
        "not a setting of rest+http", "a Kafka producer property: it applies to kafka:// "
            + "destinations only");
    assertRejected("pixy+http://h", Map.of("pixy.max.inflight", "4"),
        "producerProperty.pixy.max.inflight", "did you mean 'pixy.max.in.flight'");
    assertRejected("rest+http://h", Map.of("pixy.cluster", "c"), "producerProperty.pixy.cluster",
        "not a setting of rest+http");
    assertRejected("pixy+http://h", Map.of("rest.headers", "true"),
        "producerProperty.rest.headers", "pixy.max.in.flight", "pixy.cluster");
  }

  @Test
  void badNumbersNameTheKeyValueAndRange() {
    assertRejected("pixy+http://h", Map.of("http.call.timeout.ms", "soon"),
        "producerProperty.http.call.timeout.ms", "'soon'", "1..2147483647");
    assertRejected("pixy+http://h", Map.of("http.connect.timeout.ms", "0"),
        "producerProperty.http.connect.timeout.ms", "1..");
    assertRejected("pixy+http://h", Map.of("pixy.max.in.flight", "20000"),
        "producerProperty.pixy.max.in.flight", "1..16384");
    assertRejected("pixy+http://h", Map.of("pixy.max.in.flight.bytes", "100"),
        "producerProperty.pixy.max.in.flight.bytes", "1024..1073741824");
    assertRejected("pixy+http://h", Map.of("pixy.async", "yes"),
        "producerProperty.pixy.async", "true or false");
    assertRejected("rest+http://h", Map.of("rest.headers", "yes"),
        "producerProperty.rest.headers", "true or false");
    assertRejected("pixy+http://h", Map.of("pixy.cluster", "a/b"),
        "producerProperty.pixy.cluster", "A-Z a-z 0-9");
  }

  @Test
  void authIsBearerOrBasicAndSecretsNeverShow() {
    assertRejected("rest+http://h", Map.of("http.auth.bearer", SECRET,
        "http.auth.basic.user", "u", "http.auth.basic.password", SECRET),
        "producerProperty.http.auth.bearer", "not both");
    assertRejected("rest+http://h", Map.of("http.auth.basic.password", SECRET),
        "producerProperty.http.auth.basic.password", "http.auth.basic.user is required");
    assertRejected("rest+http://h", Map.of("http.auth.basic.user", "u"),
        "producerProperty.http.auth.basic.user", "password is required");
    assertRejected("rest+http://h", Map.of("http.auth.bearer", SECRET + " x"),
        "producerProperty.http.auth.bearer", "without spaces", "<redacted>");

    TributaryConfig ok = build("rest+http://h", Map.of("http.auth.basic.user", "svc",
        "http.auth.basic.password", SECRET, "http.header.X-Api-Key", SECRET));
    assertThat(ok.toString()).doesNotContain(SECRET);
    HttpSettings s = HttpSettings.read(new PropertyReader(ok.producerProperties(), "rest+http"),
        false);
    assertThat(s.toString()).doesNotContain(SECRET).doesNotContain("c3Zj") // base64 of "svc"
        .contains("auth=Basic", "X-Api-Key");
    assertThat(s.authorization()).isEqualTo("Basic c3ZjOnMzY3IzdC10MGtlbg==");
    assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void extraHeadersMustBeValidAndNotOnesTheTransportOwns() {
    assertRejected("rest+http://h", Map.of("http.header.Authorization", SECRET),
        "producerProperty.http.header.Authorization", "http.auth.bearer", "<redacted>");
    assertRejected("rest+http://h", Map.of("http.header.Content-Type", "text/plain"),
        "producerProperty.http.header.Content-Type", "sets Content-Type itself");
    assertRejected("pixy+http://h", Map.of("http.header.X-Kafka-Trace", "x"),
        "producerProperty.http.header.X-Kafka-Trace", "record headers");
    assertRejected("pixy+http://h", Map.of("http.header.Bad Name", "x"),
        "producerProperty.http.header.Bad Name", "not a valid HTTP token");
    assertRejected("pixy+http://h", Map.of("http.header.X-Ok", "line\nbreak"),
        "producerProperty.http.header.X-Ok", "printable ASCII");
  }

  @Test
  void tlsSettingsNeedAnHttpsDestinationAndReadableFiles(@TempDir Path dir) throws Exception {
    assertRejected("rest+http://h", Map.of("http.tls.truststore.path", "/x.p12"),
        "producerProperty.http.tls.truststore.path", "rest+https destinations only");
    assertRejected("rest+https://h", Map.of("http.tls.truststore.path",
        dir.resolve("missing.p12").toString()), "producerProperty.http.tls.truststore.path",
        "must be a readable file", "missing.p12");
    assertRejected("rest+https://h", Map.of("http.tls.truststore.password", SECRET),
        "producerProperty.http.tls.truststore.password",
        "only meaningful with http.tls.truststore.path");
    assertRejected("rest+https://h", Map.of("http.tls.keystore.type", "PEM",
        "http.tls.keystore.path", "/k"), "producerProperty.http.tls.keystore.type",
        "PKCS12 or JKS");
    Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    assertRejected("pixy+https://h", Map.of("http.tls.truststore.path", garbage.toString(),
        "http.tls.truststore.type", "pem"), "producerProperty.http.tls.truststore.path",
        "could not load the PEM trust store");
  }
}

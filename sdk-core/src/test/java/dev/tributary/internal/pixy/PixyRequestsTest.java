package dev.tributary.internal.pixy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.HttpTarget;
import dev.tributary.spi.Destination;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The exact shape of kafka-pixy produce requests. */
class PixyRequestsTest {
  private static PixyRequests requests(String uri, String cluster) {
    return new PixyRequests(HttpTarget.parse(Destination.parse(uri), "pixy", 19092), cluster,
        false);
  }

  @Test
  void asyncModeLeavesSyncOutSoThePixyAnswersBeforeKafkaHasTheRecord() {
    PixyRequests p = new PixyRequests(HttpTarget.parse(Destination.parse("pixy+http://h:1"),
        "pixy", 19092), null, true);
    assertThat(p.build(TributaryRecord.of("t", "k".getBytes(StandardCharsets.UTF_8),
        new byte[] {1})).url().toString()).isEqualTo("http://h:1/topics/t/messages?key=k");
    assertThat(p.build(TributaryRecord.of("t", new byte[] {1})).url().query()).isNull();
  }

  @Test
  void keylessRecordPostsTheRawValueAsTextPlainWithSync() throws Exception {
    Request r = requests("pixy+http://127.0.0.1", null)
        .build(TributaryRecord.of("logs", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.url().toString()).isEqualTo("http://127.0.0.1:19092/topics/logs/messages?sync");
    assertThat(r.body().contentType().toString()).isEqualTo("text/plain");
    assertThat(r.body().contentLength()).isEqualTo(7);
    assertThat(r.body().isOneShot()).as("OkHttp must never replay it").isTrue();
    Buffer b = new Buffer();
    r.body().writeTo(b);
    assertThat(b.readUtf8()).isEqualTo("{\"a\":1}");
  }

  @Test
  void keysTravelByteExactAndEmptyDiffersFromNull() {
    PixyRequests p = requests("pixy+http://h:1", null);
    byte[] binary = {0, (byte) 0xff, '+', ' ', '&', '=', 'a', '~', (byte) 0xc3, (byte) 0xa9};
    Request r = p.build(TributaryRecord.of("t", binary, new byte[0]));
    assertThat(r.url().encodedQuery()).isEqualTo("key=%00%FF%2B%20%26%3Da~%C3%A9&sync");
    assertThat(r.url().queryParameterValues("key")).hasSize(1);
    assertThat(p.build(TributaryRecord.of("t", new byte[0], new byte[0])).url().encodedQuery())
        .isEqualTo("key=&sync");
    assertThat(r.body()).isNotNull();
  }

  @Test
  void clusterAndBasePathPrefixTheTopicPath() {
    Request r = requests("pixy+https://proxy:8443/kafka/", "eu1")
        .build(TributaryRecord.of("app.logs", new byte[] {1}));
    assertThat(r.url().toString())
        .isEqualTo("https://proxy:8443/kafka/clusters/eu1/topics/app.logs/messages?sync");
  }

  @Test
  void headersBecomeBase64XKafkaHeaders() {
    Request r = requests("pixy+http://h", null).build(TributaryRecord.builder("t").value("v")
        .header("traceId", "abc").header("bin", new byte[] {(byte) 0xff, 0}).build());
    assertThat(r.header("X-Kafka-traceId")).isEqualTo(
        Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.header("X-Kafka-bin")).isEqualTo("/wA=");
  }

  @Test
  void aHeaderNameHttpCannotCarryIsRefusedWithItsName() {
    PixyRequests p = requests("pixy+http://h", null);
    assertThatThrownBy(() -> p.build(TributaryRecord.builder("t").value("v")
        .header("has space", "x").build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'has space'").hasMessageContaining("HTTP token");
  }
}

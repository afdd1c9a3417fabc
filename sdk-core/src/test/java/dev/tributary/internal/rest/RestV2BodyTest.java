package dev.tributary.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.Json;
import dev.tributary.internal.http.RecordingCallback;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The v2 binary produce body, byte for byte. */
class RestV2BodyTest {

  private static String encode(List<TributaryRecord> records, boolean headers) throws Exception {
    int[] all = new int[records.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    RequestBody body = RestV2Body.encode(RecordingCallback.batch(records), all, headers);
    assertThat(body.contentType().toString()).isEqualTo("application/vnd.kafka.binary.v2+json");
    assertThat(body.isOneShot()).as("OkHttp must never replay it").isTrue();
    Buffer b = new Buffer();
    body.writeTo(b);
    assertThat(body.contentLength()).isEqualTo(b.size());
    return b.readUtf8();
  }

  @Test
  void keysAndValuesAreBase64AndANullKeyIsLeftOut() throws Exception {
    String json = encode(List.of(
        TributaryRecord.builder("t").key("k1").value("hello").build(),
        TributaryRecord.of("t", new byte[0]),
        TributaryRecord.builder("t").key(new byte[0]).value(new byte[] {(byte) 0xff}).build()),
        false);
    assertThat(json).isEqualTo("{\"records\":[{\"key\":\"azE=\",\"value\":\"aGVsbG8=\"},"
        + "{\"value\":\"\"},{\"key\":\"\",\"value\":\"/w==\"}]}");
  }

  @Test
  void base64MatchesTheJdkForEveryLength() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    List<TributaryRecord> records = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      byte[] v = new byte[n];
      for (int i = 0; i < n; i++) {
        v[i] = (byte) random.nextInt(256);
      }
      records.add(TributaryRecord.of("t", v));
    }
    Map<?, ?> parsed = (Map<?, ?>) Json.parse(encode(records, false));
    List<?> list = (List<?>) parsed.get("records");
    for (int n = 0; n < 300; n++) {
      assertThat(((Map<?, ?>) list.get(n)).get("value"))
          .isEqualTo(Base64.getEncoder().encodeToString(records.get(n).value()));
    }
  }

  @Test
  void headersAreSentStrimziStyleOnlyWhenAsked() throws Exception {
    TributaryRecord r = TributaryRecord.builder("t").value("v")
        .header("trace\"id\u00e9\n", "abc").header("x", new byte[0]).build();
    assertThat(encode(List.of(r), false)).isEqualTo("{\"records\":[{\"value\":\"dg==\"}]}");
    String json = encode(List.of(r), true);
    assertThat(json).isEqualTo("{\"records\":[{\"value\":\"dg==\",\"headers\":["
        + "{\"key\":\"trace\\\"id\\u00e9\\u000a\",\"value\":\"YWJj\"},"
        + "{\"key\":\"x\",\"value\":\"\"}]}]}");
    Map<?, ?> header = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(
        json)).get("records")).get(0)).get("headers")).get(0);
    assertThat(header.get("key")).isEqualTo("trace\"id\u00e9\n");
  }
}

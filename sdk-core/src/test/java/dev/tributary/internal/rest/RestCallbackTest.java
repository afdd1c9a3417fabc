package dev.tributary.internal.rest;

import static dev.tributary.internal.http.RecordingCallback.Kind.FATAL;
import static dev.tributary.internal.http.RecordingCallback.Kind.RETRIABLE;
import static dev.tributary.internal.http.RecordingCallback.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.RecordMetadata;
import dev.tributary.internal.http.RecordingCallback;
import dev.tributary.internal.http.RequestRecords;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * How a v2 answer completes each record, for every dialect, without a network: the callback
 * is fed a response built in memory. Records sit at batch indices 10, 11, 12.
 */
class RestCallbackTest {
  private static final HttpUrl URL = HttpUrl.get("http://proxy:8082/topics/logs?secret=no");

  private static RecordingCallback answer(int status, String body, String... headers)
      throws Exception {
    RecordingCallback cb = new RecordingCallback(3);
    RestCallback c = new RestCallback(new RequestRecords(cb, new int[] {10, 11, 12}),
        "rest+http", URL, "logs");
    Response.Builder r = new Response.Builder().request(new Request.Builder().url(URL).build())
        .protocol(Protocol.HTTP_1_1).code(status).message("x")
        .body(ResponseBody.create(body, MediaType.get("application/vnd.kafka.v2+json")));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    c.onResponse(null, r.build());
    return cb.await(Duration.ofSeconds(1));
  }

  @Test
  void confluentSuccessGivesEachRecordItsPartitionAndOffset() throws Exception {
    RecordingCallback cb = answer(200, "{\"offsets\":[{\"partition\":1,\"offset\":10,"
        + "\"error_code\":null,\"error\":null},{\"partition\":0,\"offset\":7},"
        + "{\"partition\":null,\"offset\":null}],\"key_schema_id\":null}");
    assertThat(cb.get(10).metadata()).isEqualTo(new RecordMetadata("logs", 1, 10));
    assertThat(cb.get(11).metadata()).isEqualTo(new RecordMetadata("logs", 0, 7));
    assertThat(cb.get(12).metadata()).isEqualTo(new RecordMetadata("logs", -1, -1));
  }

  @Test
  void confluentPartialFailureRetriesOnlyTheRetriableRecord() throws Exception {
    RecordingCallback cb = answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":5},"
        + "{\"partition\":null,\"offset\":null,\"error_code\":50003,\"error\":\"This server "
        + "is not the leader for that topic-partition.\"},{\"partition\":null,\"offset\":null,"
        + "\"error_code\":40101,\"error\":\"Authentication failed\"}]}");
    assertThat(cb.get(10).kind()).isEqualTo(SUCCEEDED);
    assertThat(cb.get(11).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(11).proxyError().errorCode()).isEqualTo(50003);
    assertThat(cb.get(11).cause()).hasMessageContaining("not the leader");
    assertThat(cb.get(12).kind()).isEqualTo(FATAL);
    assertThat(cb.get(12).cause()).hasMessageContaining("error_code 40101")
        .hasMessageContaining("Authentication failed")
        .hasMessageContaining("POST http://proxy:8082/topics/logs")
        .hasMessageNotContaining("secret");
  }

  @Test
  void strimziEntriesCarryTheirTextInMessage() throws Exception {
    RecordingCallback cb = answer(200, "{\"offsets\":[{\"partition\":2,\"offset\":3},"
        + "{\"error_code\":404,\"message\":\"Topic logs not found\"},"
        + "{\"error_code\":500,\"message\":\"Expiring 1 record(s) for logs-0: 30001 ms\"}]}");
    assertThat(cb.get(10).kind()).isEqualTo(SUCCEEDED);
    assertThat(cb.get(11).kind()).isEqualTo(FATAL);
    assertThat(cb.get(11).cause()).hasMessageContaining("Topic logs not found");
    assertThat(cb.get(12).kind()).isEqualTo(RETRIABLE);
  }

  @Test
  void karapaceFailsTheRequestButListsEachRecord() throws Exception {
    for (int status : new int[] {500, 422}) {
      RecordingCallback cb = answer(status, "{\"key_schema_id\":null,\"value_schema_id\":null,"
          + "\"offsets\":[{\"offset\":4,\"partition\":0},{\"error_code\":2,\"error\":"
          + "\"NotEnoughReplicasError\"},{\"error_code\":1,\"error\":\"Invalid data\"}]}");
      assertThat(cb.get(10).kind()).as("%d", status).isEqualTo(SUCCEEDED);
      assertThat(cb.get(11).kind()).isEqualTo(RETRIABLE);
      assertThat(cb.get(12).kind()).isEqualTo(FATAL);
    }
  }

  @Test
  void wholeRequestErrorsUseTheStatusAndTheProxysMessage() throws Exception {
    RecordingCallback notFound = answer(404,
        "{\"error_code\":40401,\"message\":\"Topic logs not found.\"}");
    assertThat(notFound.count(FATAL)).isEqualTo(3);
    assertThat(notFound.get(12).cause()).hasMessageContaining("HTTP 404")
        .hasMessageContaining("error_code 40401").hasMessageContaining("Topic logs not found.");

    RecordingCallback busy = answer(429, "<html><title>Slow down</title></html>",
        "Retry-After", "7");
    assertThat(busy.count(RETRIABLE)).isEqualTo(3);
    assertThat(busy.get(10).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(busy.get(10).cause()).hasMessageContaining("Slow down");

    RecordingCallback kafkaError = answer(500,
        "{\"error_code\":50002,\"message\":\"Kafka error: record too large\"}");
    assertThat(kafkaError.count(FATAL)).isEqualTo(3);
    RecordingCallback retriable = answer(500,
        "{\"error_code\":50003,\"message\":\"Kafka retriable error\"}");
    assertThat(retriable.count(RETRIABLE)).isEqualTo(3);

    RecordingCallback redirect = answer(307, "", "Location", "https://proxy/topics/logs");
    assertThat(redirect.count(FATAL)).isEqualTo(3);
    assertThat(redirect.get(10).cause()).hasMessageContaining("redirect to https://proxy");
  }

  @Test
  void anUnreadableSuccessIsRetriedNotTrusted() throws Exception {
    for (String body : new String[] {"", "{\"offsets\":[{\"partition\":0,", "{\"offsets\":"
        + "[{\"partition\":0,\"offset\":1}]}", "{\"error_code\":0}", "[1,2,3]"}) {
      RecordingCallback cb = answer(200, body);
      assertThat(cb.count(RETRIABLE)).as(body).isEqualTo(3);
      assertThat(cb.get(10).cause()).hasMessageContaining("malformed body");
    }
  }

  @Test
  void anEntryThatIsNotAnObjectIsRetriedAlone() throws Exception {
    RecordingCallback cb = answer(200, "{\"offsets\":[{\"partition\":0,\"offset\":1},null,"
        + "{\"partition\":0,\"offset\":2}]}");
    assertThat(cb.get(10).kind()).isEqualTo(SUCCEEDED);
    assertThat(cb.get(11).kind()).isEqualTo(RETRIABLE);
    assertThat(cb.get(12).kind()).isEqualTo(SUCCEEDED);
  }
}

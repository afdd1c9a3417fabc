package dev.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AccessLogCheckTest {
  private static final String ACCESS = "com.example.AccessLog";
  private static final List<OrdersTraffic.Sent> SENT = List.of(
      new OrdersTraffic.Sent("r-1", "GET", "/hello", 200),
      new OrdersTraffic.Sent("r-2", "POST", "/orders", 500));

  @Test
  void passesWhenEveryRequestHasOneMatchingAccessRecordAndEveryErrorItsStackTrace()
      throws Exception {
    AccessLogCheck.Result result = AccessLogCheck.check(ACCESS, SENT, List.of(
        access("r-1", "GET", "/hello", 200),
        record("r-2", "{\"level\":\"ERROR\",\"logger_name\":\"com.example.Orders\","
            + "\"stack_trace\":\"java.lang.IllegalStateException\",\"requestId\":\"r-2\"}"),
        access("r-2", "POST", "/orders", 500),
        record(null, "{\"message\":\"another service's line\",\"requestId\":\"other\"}")));

    assertThat(result.ok()).as(result.summary()).isTrue();
    assertThat(result.matched()).isEqualTo(2);
    assertThat(result.errorsWithStackTrace()).isEqualTo(1);
    assertThat(result.records()).isEqualTo(3);
  }

  @Test
  void failsOnAMissingRecordAWrongStatusADuplicateAWrongKeyOrAnErrorWithoutStackTrace()
      throws Exception {
    assertThat(AccessLogCheck.check(ACCESS, SENT, List.of(access("r-1", "GET", "/hello", 200)))
        .ok()).isFalse();
    assertThat(AccessLogCheck.check(ACCESS, SENT, List.of(
        access("r-1", "GET", "/hello", 404), access("r-2", "POST", "/orders", 500))).problems())
        .anySatisfy(p -> assertThat(p).contains("status 404"));
    assertThat(AccessLogCheck.check(ACCESS, List.of(SENT.get(0)), List.of(
        access("r-1", "GET", "/hello", 200), access("r-1", "GET", "/hello", 200))).ok())
        .isFalse();
    assertThat(AccessLogCheck.check(ACCESS, List.of(SENT.get(0)), List.of(record("r-9",
        "{\"logger_name\":\"" + ACCESS + "\",\"requestId\":\"r-1\",\"method\":\"GET\","
            + "\"path\":\"/hello\",\"status\":200,\"latencyMs\":1}"))).ok())
        .isFalse();
    AccessLogCheck.Result noTrace = AccessLogCheck.check(ACCESS, List.of(SENT.get(1)),
        List.of(access("r-2", "POST", "/orders", 500)));
    assertThat(noTrace.ok()).isFalse();
    assertThat(noTrace.errorsWithStackTrace()).isZero();
  }

  private static ConsumerRecord<byte[], byte[]> access(String id, String method, String path,
      int status) {
    return record(id, "{\"logger_name\":\"" + ACCESS + "\",\"requestId\":\"" + id
        + "\",\"method\":\"" + method + "\",\"path\":\"" + path + "\",\"status\":" + status
        + ",\"latencyMs\":3}");
  }

  private static ConsumerRecord<byte[], byte[]> record(String key, String json) {
    return new ConsumerRecord<>("orders-logs", 0, 0,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8));
  }
}

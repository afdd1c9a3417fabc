package dev.tributary.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks that the sample services' access log arrived in Kafka: for every request the load loop
 * sent, exactly one JSON record from the access logger, keyed by the request id, whose
 * {@code requestId}, {@code method}, {@code path} and {@code status} fields match what the client
 * saw and which has a {@code latencyMs}; and, for every request answered 500, an ERROR record
 * with a {@code stack_trace} under the same request id.
 */
public final class AccessLogCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AccessLogCheck() {}

  /**
   * The outcome.
   *
   * @param requests requests the load loop sent
   * @param matched requests with exactly one matching access record
   * @param errors requests answered 500
   * @param errorsWithStackTrace of those, how many have an ERROR record with a stack trace
   * @param records records of this run read back (all loggers)
   * @param problems what did not match, first few only
   */
  public record Result(int requests, int matched, int errors, int errorsWithStackTrace,
      int records, List<String> problems) {

    /** True when every request and every error arrived as expected. */
    public boolean ok() {
      return matched == requests && errorsWithStackTrace == errors && problems.isEmpty();
    }

    /** A few lines for the console. */
    public String summary() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "  requests  %,d sent, %,d with their access record in Kafka (%,d records of this run"
              + " read back)%n  errors    %,d answered 500, %,d with an ERROR record carrying"
              + " the stack trace",
          requests, matched, records, errors, errorsWithStackTrace));
      problems.forEach(p -> sb.append(System.lineSeparator()).append("  problem   ").append(p));
      return sb.toString();
    }
  }

  /**
   * Compares what was sent with what was read back.
   *
   * @param accessLogger the access log's logger name
   * @param sent the load loop's requests
   * @param read the records read back from the topic (other runs' and loggers' are ignored)
   */
  public static Result check(String accessLogger, List<OrdersTraffic.Sent> sent,
      List<ConsumerRecord<byte[], byte[]>> read) throws IOException {
    Map<String, OrdersTraffic.Sent> byId = new HashMap<>();
    sent.forEach(s -> byId.put(s.requestId(), s));
    Map<String, Integer> accessRecords = new HashMap<>();
    Map<String, Boolean> stackTraces = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int records = 0;
    for (ConsumerRecord<byte[], byte[]> r : read) {
      JsonNode event = JSON.readTree(r.value());
      String requestId = event.path("requestId").asText(null);
      if (requestId == null || !byId.containsKey(requestId)) {
        continue;
      }
      records++;
      String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
      if (!requestId.equals(key)) {
        problem(problems, "record of " + requestId + " keyed " + key);
      }
      if ("ERROR".equals(event.path("level").asText()) && event.hasNonNull("stack_trace")) {
        stackTraces.put(requestId, true);
      }
      if (accessLogger.equals(event.path("logger_name").asText())) {
        OrdersTraffic.Sent s = byId.get(requestId);
        String mismatch = mismatch(s, event);
        if (mismatch != null) {
          problem(problems, requestId + ": " + mismatch);
        }
        accessRecords.merge(requestId, mismatch == null ? 1 : 0, Integer::sum);
      }
    }
    int matched = 0;
    int errors = 0;
    int errorsWithStackTrace = 0;
    for (OrdersTraffic.Sent s : sent) {
      int n = accessRecords.getOrDefault(s.requestId(), 0);
      if (n == 1) {
        matched++;
      } else if (n > 1) {
        problem(problems, s.requestId() + ": " + n + " access records");
      }
      if (s.status() == 500) {
        errors++;
        if (stackTraces.containsKey(s.requestId())) {
          errorsWithStackTrace++;
        }
      }
    }
    return new Result(sent.size(), matched, errors, errorsWithStackTrace, records,
        List.copyOf(problems));
  }

  private static String mismatch(OrdersTraffic.Sent s, JsonNode event) {
    if (!s.method().equals(event.path("method").asText())) {
      return "method " + event.path("method") + ", sent " + s.method();
    }
    if (!s.path().equals(event.path("path").asText())) {
      return "path " + event.path("path") + ", sent " + s.path();
    }
    if (!Objects.equals(String.valueOf(s.status()), event.path("status").asText())) {
      return "status " + event.path("status") + ", client saw " + s.status();
    }
    if (!event.hasNonNull("latencyMs")) {
      return "no latencyMs";
    }
    return null;
  }

  private static void problem(List<String> problems, String problem) {
    if (problems.size() < 10) {
      problems.add(problem);
    }
  }
}

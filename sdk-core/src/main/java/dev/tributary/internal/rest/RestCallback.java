package dev.tributary.internal.rest;

import dev.tributary.RecordMetadata;
import dev.tributary.internal.http.Classifier;
import dev.tributary.internal.http.ProxyCallback;
import dev.tributary.internal.http.ProxyException;
import dev.tributary.internal.http.ProxyResponse;
import dev.tributary.internal.http.RequestRecords;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Reads a v2 produce answer. When the body has an {@code offsets} array with one entry per
 * record, each record gets its own outcome, whatever the HTTP status: Confluent answers 200
 * with failed entries, Karapace 422 (older releases 500) with the same array. Otherwise the
 * whole request succeeded without a readable body (retriable: the records may be missing) or
 * failed as one, classified by {@link Classifier}.
 *
 * <p>Entry dialects: success has no {@code error_code} and no error text (Confluent sends both
 * as null); a failure has {@code error_code} (Confluent 5xxxx/4xxxx, Strimzi HTTP-like,
 * Karapace 1/2) with its text in {@code error} (Confluent, Karapace) or {@code message}
 * (Strimzi). Partition and offset may be null; they are reported as -1.
 */
final class RestCallback extends ProxyCallback {
  /** Room for the offsets of a large batch; a body longer than this is not an answer. */
  private static final int BODY_LIMIT_MIN = 1 << 20;
  private static final int BODY_BYTES_PER_RECORD = 256;

  private final String topic;

  RestCallback(RequestRecords records, String scheme, HttpUrl url, String topic) {
    super(records, scheme, url, (int) Math.min(Integer.MAX_VALUE - 16,
        Math.max(BODY_LIMIT_MIN, (long) records.size() * BODY_BYTES_PER_RECORD)));
    this.topic = topic;
  }

  @Override
  protected void handle(ProxyResponse r) {
    Map<String, Object> json = r.json();
    Object offsets = json == null ? null : json.get("offsets");
    if (offsets instanceof List<?> list && list.size() == records.size()) {
      for (int k = 0; k < list.size(); k++) {
        entry(k, list.get(k), r);
      }
      return;
    }
    if (r.isSuccess()) {
      String why = offsets instanceof List<?> list ? list.size() + " offsets for "
          + records.size() + " records" : json == null ? "not a JSON object" : "no offsets array";
      records.retriableRest(malformed(r, why), r.retryAfter());
      return;
    }
    reportRest(requestError(r), r);
  }

  private void entry(int k, Object entry, ProxyResponse r) {
    if (!(entry instanceof Map<?, ?> raw)) {
      records.retriable(k, malformed(r, "offsets[" + k + "] is not an object"), r.retryAfter());
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) raw;
    Long code = ProxyResponse.asLong(m.get("error_code"));
    String message = ProxyResponse.messageOf(m);
    if (code == null && message == null) {
      Long partition = ProxyResponse.asLong(m.get("partition"));
      Long offset = ProxyResponse.asLong(m.get("offset"));
      records.succeeded(k, new RecordMetadata(topic,
          partition == null ? -1 : partition.intValue(), offset == null ? -1 : offset));
      return;
    }
    boolean retriable = code != null ? Classifier.retriableCode(code, message)
        : Classifier.retriableStatus(r.status(), message);
    ProxyException e = new ProxyException(transport + " " + what + ": record failed (HTTP " + r.status()
        + (code == null ? "" : ", error_code " + code) + "): " + message, r.status(), code,
        retriable, null);
    if (retriable) {
      records.retriable(k, e, r.retryAfter());
    } else {
      records.fatal(k, e);
    }
  }
}

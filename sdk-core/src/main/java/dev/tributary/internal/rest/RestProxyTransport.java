package dev.tributary.internal.rest;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.HttpEndpoint;
import dev.tributary.internal.http.HttpTarget;
import dev.tributary.internal.http.ProxyException;
import dev.tributary.internal.http.RequestRecords;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Sends a batch to a v2 REST proxy as one {@code POST /topics/<topic>} per topic in the batch
 * (usually one), each completing its records from the per-record {@code offsets} of the answer.
 */
final class RestProxyTransport implements Transport {
  /** Accept the v2 JSON answer, and plain JSON from servers that only speak that. */
  private static final String ACCEPT = "application/vnd.kafka.v2+json, application/json";

  private final String scheme;
  private final HttpTarget target;
  private final boolean sendHeaders;
  private final HttpEndpoint endpoint;
  private final Diagnostics diagnostics;
  private final AtomicBoolean warnedHeaders = new AtomicBoolean();

  RestProxyTransport(String scheme, HttpTarget target, boolean sendHeaders,
      HttpEndpoint endpoint, Diagnostics diagnostics) {
    this.scheme = scheme;
    this.target = target;
    this.sendHeaders = sendHeaders;
    this.endpoint = endpoint;
    this.diagnostics = diagnostics;
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    Map<String, int[]> byTopic;
    try {
      byTopic = groupByTopic(batch);
    } catch (RuntimeException e) {
      for (int i = 0; i < batch.size(); i++) {
        callback.retriable(i, error("could not send: " + e, e), null);
      }
      return;
    }
    for (Map.Entry<String, int[]> group : byTopic.entrySet()) {
      int[] indices = group.getValue();
      RequestRecords records = new RequestRecords(callback, indices);
      try {
        HttpUrl url = target.append("topics", group.getKey()).build();
        Request request = new Request.Builder().url(url).header("Accept", ACCEPT)
            .post(RestV2Body.encode(batch, indices, sendHeaders)).build();
        endpoint.enqueue(request, new RestCallback(records, scheme, url, group.getKey()));
      } catch (RuntimeException | OutOfMemoryError e) {
        records.retriableRest(error("could not send: " + e, e), null);
      }
    }
  }

  /** Batch indices per topic, in first-seen order; one entry in the common case. */
  private Map<String, int[]> groupByTopic(Batch batch) {
    int n = batch.size();
    String first = batch.record(0).topic();
    boolean oneTopic = true;
    boolean anyHeaders = false;
    for (int i = 0; i < n; i++) {
      TributaryRecord r = batch.record(i);
      oneTopic &= r.topic().equals(first);
      anyHeaders |= !r.headers().isEmpty();
    }
    if (anyHeaders && !sendHeaders && warnedHeaders.compareAndSet(false, true)) {
      diagnostics.warn("Records carry headers, but " + RestSettings.HEADERS + " is false: "
          + "headers are not sent to " + target + " (the Confluent v2 API has none; set "
          + RestSettings.HEADERS + "=true for Strimzi Kafka Bridge). Reported once.", null);
    }
    Map<String, int[]> out = new LinkedHashMap<>();
    if (oneTopic) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      out.put(first, all);
      return out;
    }
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(batch.record(i).topic(), t -> new ArrayList<>()).add(i);
    }
    groups.forEach((topic, list) -> out.put(topic,
        list.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  private ProxyException error(String message, Throwable cause) {
    return new ProxyException(scheme + ": " + message, ProxyException.NO_STATUS, null, true,
        cause);
  }

  @Override
  public void close(Duration timeout) {
    endpoint.close(timeout);
  }
}

package dev.tributary.internal.pixy;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.HttpEndpoint;
import dev.tributary.internal.http.ProxyCallback;
import dev.tributary.internal.http.ProxyException;
import dev.tributary.internal.http.ProxyResponse;
import dev.tributary.internal.http.RequestRecords;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Sends each record of a batch as its own kafka-pixy request, all enqueued at once; OkHttp runs
 * up to {@code pixy.max.in.flight} of them concurrently and each completes its record.
 *
 * <p>Success is a 2xx with a JSON object ({@code {"partition":N,"offset":N}}); errors are
 * {@code {"error":"..."}} and are classified by {@link dev.tributary.internal.http.Classifier}.
 */
final class PixyHttpTransport implements Transport {
  /** A pixy answer is a small JSON object; anything longer is not one. */
  private static final int BODY_LIMIT = 64 * 1024;

  private final String scheme;
  private final PixyRequests requests;
  private final HttpEndpoint endpoint;

  PixyHttpTransport(String scheme, PixyRequests requests, HttpEndpoint endpoint) {
    this.scheme = scheme;
    this.requests = requests;
    this.endpoint = endpoint;
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    for (int i = 0; i < batch.size(); i++) {
      try {
        TributaryRecord r = batch.record(i);
        Request request;
        try {
          request = requests.build(r);
        } catch (IllegalArgumentException e) {
          callback.fatal(i, new ProxyException(scheme + ": " + e.getMessage(),
              ProxyException.NO_STATUS, null, false, e));
          continue;
        }
        RequestRecords records = new RequestRecords(callback, new int[] {i});
        endpoint.enqueue(request, new PixyCallback(records, scheme, request.url(), r.topic()));
      } catch (RuntimeException e) {
        callback.retriable(i, new ProxyException(scheme + ": could not send: " + e,
            ProxyException.NO_STATUS, null, true, e), null);
      }
    }
  }

  @Override
  public void close(Duration timeout) {
    endpoint.close(timeout);
  }

  /** Reads kafka-pixy's answer to one record. */
  private static final class PixyCallback extends ProxyCallback {
    private final String topic;

    PixyCallback(RequestRecords records, String scheme, HttpUrl url, String topic) {
      super(records, scheme, url, BODY_LIMIT);
      this.topic = topic;
    }

    @Override
    protected void handle(ProxyResponse r) {
      if (!r.isSuccess()) {
        reportRest(requestError(r), r);
        return;
      }
      Map<String, Object> json = r.json();
      if (json == null) {
        records.retriableRest(malformed(r, "not a JSON object"), null);
        return;
      }
      Long partition = ProxyResponse.asLong(json.get("partition"));
      Long offset = ProxyResponse.asLong(json.get("offset"));
      records.succeeded(0, new RecordMetadata(topic,
          partition == null ? -1 : partition.intValue(), offset == null ? -1 : offset));
    }
  }
}

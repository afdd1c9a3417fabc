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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Sends each record of a batch as its own kafka-pixy request. Requests start as the
 * {@link RequestGate} allows (an {@link AdaptiveLimit} learned from the proxy's latency and
 * errors, and a byte cap); the rest wait in the gate, so {@link #send} never blocks. Each request
 * completes its record.
 *
 * <p>Success is a 2xx with a JSON object ({@code {"partition":N,"offset":N}}); errors are
 * {@code {"error":"..."}} and are classified by {@link dev.tributary.internal.http.Classifier}.
 * In async mode (an explicit opt-in) a 2xx means only that the proxy queued the record, and the
 * record is reported {@linkplain BatchCallback#accepted accepted}, not succeeded.
 */
final class PixyHttpTransport implements Transport {
  /** A pixy answer is a small JSON object; anything longer is not one. */
  private static final int BODY_LIMIT = 64 * 1024;

  private final String scheme;
  private final PixyRequests requests;
  private final HttpEndpoint endpoint;
  private final RequestGate gate;
  private final boolean async;

  PixyHttpTransport(String scheme, PixyRequests requests, HttpEndpoint endpoint,
      RequestGate gate, boolean async) {
    this.scheme = scheme;
    this.requests = requests;
    this.endpoint = endpoint;
    this.gate = gate;
    this.async = async;
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
        gate.submit(new Call(request, r, callback, i));
      } catch (RuntimeException e) {
        callback.retriable(i, new ProxyException(scheme + ": could not send: " + e,
            ProxyException.NO_STATUS, null, true, e), null);
      }
    }
  }

  /**
   * Lets requests waiting in the gate start and finish until {@code timeout}, then fails those
   * still waiting (retriable) and closes the connections.
   */
  @Override
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (gate.queued() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Math.min(deadline - System.nanoTime(),
          TimeUnit.MILLISECONDS.toNanos(5)));
    }
    gate.close();
    endpoint.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** For tests: the gate's state. */
  RequestGate gate() {
    return gate;
  }

  /**
   * One record's request: waits in the gate, runs in OkHttp, reports its record and tells the
   * gate how it went (an answer, overload or a refused record).
   */
  private final class Call implements RequestGate.Call, BatchCallback, okhttp3.Callback {
    private final Request request;
    private final long bytes;
    private final BatchCallback target;
    private final int index;
    private final PixyCallback reader;
    private final java.util.concurrent.atomic.AtomicBoolean finished =
        new java.util.concurrent.atomic.AtomicBoolean();
    private long startNanos;

    Call(Request request, TributaryRecord record, BatchCallback target, int index) {
      this.request = request;
      this.bytes = record.sizeInBytes();
      this.target = target;
      this.index = index;
      this.reader = new PixyCallback(new RequestRecords(this, new int[] {0}), scheme,
          request.url(), record.topic(), async);
    }

    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public boolean start(long startNanos) {
      this.startNanos = startNanos;
      endpoint.enqueue(request, this);
      return true;
    }

    @Override
    public void rejected() {
      target.retriable(index, new ProxyException(scheme + " request " + request.url()
          .newBuilder().query(null).build() + " not sent: the transport closed first",
          ProxyException.NO_STATUS, null, true, null), null);
    }

    @Override
    public void onFailure(okhttp3.Call call, java.io.IOException e) {
      try {
        reader.onFailure(call, e);
      } finally {
        finish(RequestGate.Outcome.OVERLOADED); // if the reader reported nothing
      }
    }

    @Override
    public void onResponse(okhttp3.Call call, okhttp3.Response response) {
      try {
        reader.onResponse(call, response);
      } finally {
        finish(RequestGate.Outcome.OVERLOADED);
      }
    }

    // The request is over once its record has an outcome: free its slot and tell the limit
    // first, then report the record.

    @Override
    public void succeeded(int i, RecordMetadata metadata) {
      finish(RequestGate.Outcome.SUCCEEDED);
      target.succeeded(index, metadata);
    }

    @Override
    public void accepted(int i, RecordMetadata metadata) {
      finish(RequestGate.Outcome.SUCCEEDED);
      target.accepted(index, metadata);
    }

    @Override
    public void retriable(int i, Throwable cause, Duration retryAfter) {
      finish(RequestGate.Outcome.OVERLOADED);
      target.retriable(index, cause, retryAfter);
    }

    @Override
    public void fatal(int i, Throwable cause) {
      finish(RequestGate.Outcome.REFUSED);
      target.fatal(index, cause);
    }

    private void finish(RequestGate.Outcome outcome) {
      if (finished.compareAndSet(false, true)) {
        gate.finished(startNanos, bytes, outcome);
      }
    }
  }

  /** Reads kafka-pixy's answer to one record. */
  private static final class PixyCallback extends ProxyCallback {
    private final String topic;
    private final boolean async;

    PixyCallback(RequestRecords records, String scheme, HttpUrl url, String topic,
        boolean async) {
      super(records, scheme, url, BODY_LIMIT);
      this.topic = topic;
      this.async = async;
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
      RecordMetadata md = new RecordMetadata(topic,
          partition == null ? -1 : partition.intValue(), offset == null ? -1 : offset);
      if (async) {
        records.accepted(0, md);
      } else {
        records.succeeded(0, md);
      }
    }
  }
}

package dev.tributary.internal.http;

import dev.tributary.internal.tls.HandshakeFailure;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Completes the records of one request from OkHttp's callback. No answer, an answer cut short
 * and anything unexpected while handling it all make the records retriable: whatever happens,
 * each record is reported exactly once and none is lost. Subclasses read the proxy's dialect.
 */
public abstract class ProxyCallback implements Callback {
  /** The request's records. */
  protected final RequestRecords records;
  /** {@code POST scheme://host:port/path}, for messages: no query, so no record key. */
  protected final String what;
  /** The destination's scheme, e.g. {@code rest+http}, for messages. */
  protected final String transport;
  private final int bodyLimit;

  /**
   * @param transport the scheme, named in messages, e.g. {@code rest+http}
   * @param bodyLimit the most response bytes read; a longer body counts as malformed
   */
  protected ProxyCallback(RequestRecords records, String transport, HttpUrl url,
      int bodyLimit) {
    this.records = records;
    this.transport = transport;
    this.what = "POST " + url.newBuilder().query(null).build();
    this.bodyLimit = bodyLimit;
  }

  @Override
  public final void onFailure(Call call, IOException e) {
    // OkHttp reports the same expired deadline as its call timeout ("timeout") or as a read
    // timeout ("Read timed out"), whichever fires first; name it once, with its setting.
    String tls = HandshakeFailure.describe(e, transport.startsWith("pixy") ? "kafka-pixy"
        : "the proxy", "http.tls.", call.request().url().host(), "");
    String why = e instanceof java.io.InterruptedIOException
        ? "hit its timeout (http.call.timeout.ms): " + e
        : "failed: " + (tls != null ? tls : e);
    records.retriableRest(new ProxyException(transport + " request " + what + " " + why,
        ProxyException.NO_STATUS, null, true, e), null);
  }

  @Override
  public final void onResponse(Call call, Response response) {
    ProxyResponse r = null;
    try {
      r = ProxyResponse.read(response, bodyLimit, Instant.now());
      handle(r);
    } catch (IOException e) {
      int status = response.code();
      records.retriableRest(new ProxyException(transport + " response to " + what + " (HTTP "
          + status + ") broke off: " + e, status, null, true, e), null);
    } catch (RuntimeException e) {
      // A bug in reading the dialect must neither lose the records nor kill OkHttp's thread.
      records.retriableRest(new ProxyException(transport + " response to " + what
          + " could not be handled: " + e, response.code(), null, true, e),
          r == null ? null : r.retryAfter());
    } finally {
      response.close();
      if (!records.allReported()) {
        records.retriableRest(new ProxyException(transport + " response to " + what
          + " did not account for this record", response.code(), null, true, null), null);
      }
    }
  }

  /** Reports every record of the request from {@code response}. */
  protected abstract void handle(ProxyResponse response);

  /** The failure for a whole-request error answer, classified by {@link Classifier}. */
  protected final ProxyException requestError(ProxyResponse r) {
    int status = r.status();
    Long code = r.errorCode();
    String message = r.message();
    boolean retriable;
    if (Classifier.alwaysRetriable(status)) {
      retriable = true;
    } else if (status >= 500 && code != null) {
      retriable = Classifier.retriableCode(code, message);
    } else {
      retriable = Classifier.retriableStatus(status, message);
    }
    String redirect = status >= 300 && status <= 399 ? " (redirect to " + r.location()
        + " not followed; check the destination's scheme and path)" : "";
    return new ProxyException(transport + " " + what + " answered HTTP " + status
        + (code == null ? "" : " error_code " + code) + ": " + message + redirect, status, code,
        retriable, null);
  }

  /** Reports every record not yet reported with {@code e}, retriable or fatal as it says. */
  protected final void reportRest(ProxyException e, ProxyResponse r) {
    if (e.retriable()) {
      records.retriableRest(e, r.retryAfter());
    } else {
      records.fatalRest(e);
    }
  }

  /** The failure for a 2xx answer whose body cannot be read as the dialect's success. */
  protected final ProxyException malformed(ProxyResponse r, String why) {
    return new ProxyException(transport + " " + what + " answered HTTP " + r.status()
        + " with a malformed body (" + why + "): " + r.message(), r.status(), null, true, null);
  }
}

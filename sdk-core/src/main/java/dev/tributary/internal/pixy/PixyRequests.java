package dev.tributary.internal.pixy;

import dev.tributary.TributaryRecord;
import dev.tributary.internal.http.HeaderSyntax;
import dev.tributary.internal.http.HttpTarget;
import dev.tributary.internal.http.OneShotBody;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;

/**
 * Turns a record into kafka-pixy's produce request (checked against kafka-pixy v0.18.0):
 * {@code POST [/clusters/<c>]/topics/<t>/messages?key=<k>&sync} with the raw value as body.
 *
 * <ul>
 *   <li>The key travels percent-encoded byte by byte, so any bytes survive; no {@code key}
 *       parameter means a null key, {@code key=} an empty one.
 *   <li>{@code sync} is sent unless async mode was chosen explicitly: without it the proxy
 *       answers before Kafka has the record and a later failure is only in its log.
 *   <li>{@code Content-Type} is exactly {@code text/plain} (a charset suffix is refused by the
 *       proxy) and the body has a {@code Content-Length} (chunked bodies are refused).
 *   <li>Record headers become {@code X-Kafka-<key>: <base64 value>}; the proxy title-cases the
 *       names, so {@code traceId} arrives in Kafka as {@code Traceid}.
 * </ul>
 *
 * Used by the sender thread only.
 */
final class PixyRequests {
  static final MediaType TEXT_PLAIN = MediaType.get("text/plain");
  /** Topic URLs are cached; a producer writing to more topics than this is unusual. */
  private static final int MAX_CACHED_TOPICS = 1_000;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final HttpTarget target;
  private final String cluster;
  private final boolean async;
  private final Map<String, HttpUrl> topicUrls = new HashMap<>();

  PixyRequests(HttpTarget target, String cluster, boolean async) {
    this.target = target;
    this.cluster = cluster;
    this.async = async;
  }

  /**
   * The request for {@code record}.
   *
   * @throws IllegalArgumentException when a header key cannot be an HTTP header name
   */
  Request build(TributaryRecord record) {
    HttpUrl.Builder url = topicUrl(record.topic()).newBuilder();
    if (record.key() != null) {
      url.addEncodedQueryParameter("key", percentEncode(record.key()));
    }
    if (!async) {
      url.addQueryParameter("sync", null);
    }
    Request.Builder b = new Request.Builder().url(url.build())
        .post(OneShotBody.of(TEXT_PLAIN, record.value(), 0, record.value().length));
    List<TributaryRecord.Header> headers = record.headers();
    for (int i = 0; i < headers.size(); i++) {
      TributaryRecord.Header h = headers.get(i);
      if (!HeaderSyntax.isToken(h.key())) {
        throw new IllegalArgumentException("record header '" + h.key() + "' cannot travel to "
            + "kafka-pixy: its name must be an HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
      }
      b.addHeader("X-Kafka-" + h.key(), Base64.getEncoder().encodeToString(h.value()));
    }
    return b.build();
  }

  private HttpUrl topicUrl(String topic) {
    HttpUrl url = topicUrls.get(topic);
    if (url == null) {
      url = (cluster == null ? target.append("topics", topic, "messages")
          : target.append("clusters", cluster, "topics", topic, "messages")).build();
      if (topicUrls.size() >= MAX_CACHED_TOPICS) {
        topicUrls.clear();
      }
      topicUrls.put(topic, url);
    }
    return url;
  }

  /** Every byte but RFC 3986's unreserved characters as {@code %XX}; {@code +} too. */
  static String percentEncode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte value : bytes) {
      int c = value & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }
}

package dev.tributary.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * A proxy's answer, read in full (up to a cap) on the OkHttp thread: status, body text, the
 * body as a JSON object when it is one, and the {@code Retry-After} hint. Immutable.
 */
public final class ProxyResponse {
  /** Longest message kept from a body that is not JSON (an HTML error page, say). */
  static final int SNIPPET_CHARS = 200;

  private final int status;
  private final String text;
  private final Duration retryAfter;
  private final String location;
  private final Map<String, Object> json;

  ProxyResponse(int status, String text, boolean cut, Duration retryAfter, String location) {
    this.status = status;
    this.text = text;
    this.retryAfter = retryAfter;
    this.location = location;
    this.json = cut ? null : Json.objectOrNull(text);
  }

  /**
   * Reads {@code response}'s body, at most {@code limitBytes} of it (a longer body is cut and
   * never parsed), and closes it.
   *
   * @throws IOException when the body breaks off before its declared end
   */
  public static ProxyResponse read(Response response, int limitBytes, Instant now)
      throws IOException {
    String text = "";
    boolean cut = false;
    try (ResponseBody body = response.body()) {
      if (body != null) {
        BufferedSource source = body.source();
        cut = source.request(limitBytes + 1L);
        long n = cut ? limitBytes : source.getBuffer().size();
        text = source.getBuffer().readString(n, StandardCharsets.UTF_8);
      }
    }
    return new ProxyResponse(response.code(), text, cut,
        RetryAfter.parse(response.header("Retry-After"), now), response.header("Location"));
  }

  public int status() {
    return status;
  }

  /** True for a 2xx status. */
  public boolean isSuccess() {
    return status >= 200 && status <= 299;
  }

  /** The body as a JSON object, or null when it is not one (or was cut). */
  public Map<String, Object> json() {
    return json;
  }

  /** The {@code Retry-After} delay, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The {@code Location} header (of a redirect), or null. */
  public String location() {
    return location;
  }

  /** The body's {@code error_code}, or null. */
  public Long errorCode() {
    return json == null ? null : asLong(json.get("error_code"));
  }

  /**
   * The proxy's explanation: the JSON {@code message} or {@code error} member (REST proxies
   * and kafka-pixy), else the page title or a whitespace-collapsed start of the body.
   */
  public String message() {
    if (json != null) {
      String m = messageOf(json);
      if (m != null) {
        return m;
      }
    }
    return snippet(text);
  }

  /** The {@code error} or {@code message} member of {@code entry}, whichever is a string. */
  public static String messageOf(Map<String, Object> entry) {
    Object m = entry.get("error");
    if (!(m instanceof String)) {
      m = entry.get("message");
    }
    return m instanceof String s ? s : null;
  }

  /** {@code v} as a long when it is an integral JSON number, else null. */
  public static Long asLong(Object v) {
    return v instanceof Long l ? l : null;
  }

  static String snippet(String body) {
    String t = body;
    String lower = t.toLowerCase(Locale.ROOT);
    int open = lower.indexOf("<title>");
    int close = lower.indexOf("</title>");
    if (open >= 0 && close > open) {
      t = t.substring(open + 7, close);
    } else if (lower.contains("<html") || lower.contains("<!doctype")) {
      t = t.replaceAll("(?s)<[^>]*>", " ");
    }
    t = t.replaceAll("\\s+", " ").trim();
    if (t.isEmpty()) {
      return "(empty body)";
    }
    return t.length() <= SNIPPET_CHARS ? t : t.substring(0, SNIPPET_CHARS) + "...";
  }
}

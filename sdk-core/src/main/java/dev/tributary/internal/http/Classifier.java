package dev.tributary.internal.http;

import java.util.Locale;

/**
 * Decides whether a proxy's answer is worth retrying. The one table both HTTP transports use:
 *
 * <ul>
 *   <li>no answer (connect failure, reset, timeout), 408, 425, 429, 502, 503, 504: retriable;
 *   <li>other 4xx, 3xx (redirects are not followed), 501, 505: fatal;
 *   <li>500 and other 5xx: retriable, unless the message says the record is too large,
 *       because proxies report transient Kafka errors (no leader, not enough replicas,
 *       timeouts) as 500 too; a 500 that never clears ends at the delivery timeout;
 *   <li>per-record codes: Confluent 50003 retriable and 50002 fatal, other five-digit
 *       Confluent codes by their first three digits (40101 is a 401), Strimzi's HTTP-like
 *       codes as statuses, Karapace's 2 retriable and 1 fatal unless its message says the
 *       send timed out or was cancelled (Karapace files those under 1 too).
 * </ul>
 *
 * Stateless.
 */
public final class Classifier {
  private Classifier() {}

  /** Statuses retried whatever the body says (a 429 or 503 is often an HTML page). */
  public static boolean alwaysRetriable(int status) {
    return status == 408 || status == 425 || status == 429 || status == 502 || status == 503
        || status == 504;
  }

  /** Whether a whole-request HTTP {@code status} is retriable; {@code message} refines 5xx. */
  public static boolean retriableStatus(int status, String message) {
    if (alwaysRetriable(status)) {
      return true;
    }
    if (status >= 500 && status <= 599) {
      return status != 501 && status != 505 && !soundsPermanent(message);
    }
    if (status >= 300 && status <= 499) {
      return false;
    }
    return true; // 1xx or nonsense: nothing says the record was refused
  }

  /** Whether a proxy's per-record or per-request {@code error_code} is retriable. */
  public static boolean retriableCode(long code, String message) {
    if (code == 1) {
      return soundsTransient(message);
    }
    if (code == 2 || code == 50003) {
      return true;
    }
    if (code == 50002) {
      return false;
    }
    if (code >= 10_000 && code <= 59_999) {
      return retriableStatus((int) (code / 100), message);
    }
    if (code >= 100 && code <= 599) {
      return retriableStatus((int) code, message);
    }
    return !soundsPermanent(message); // unknown dialect: keep the record unless clearly lost
  }

  /** Kafka, sarama and the proxies word "record too large" in these ways. */
  static boolean soundsPermanent(String message) {
    String m = lower(message);
    return m.contains("too large") || m.contains("larger than");
  }

  static boolean soundsTransient(String message) {
    String m = lower(message);
    return m.contains("timed out") || m.contains("timeout") || m.contains("cancel")
        || m.contains("buffer full");
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}

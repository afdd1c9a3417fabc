package dev.tributary.internal.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). */
public final class RetryAfter {
  /** Longer hints are capped: records past their delivery timeout expire anyway. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * The delay {@code header} asks for, measured from {@code now}; null when absent or
   * unparseable (then the sender's own backoff applies), zero for a date in the past.
   */
  public static Duration parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (v.length() > 7) {
        return MAX;
      }
      return min(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : min(d);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}

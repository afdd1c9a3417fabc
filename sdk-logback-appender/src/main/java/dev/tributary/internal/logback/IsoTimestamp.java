package dev.tributary.internal.logback;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Formats epoch milliseconds as ISO-8601 with the zone's offset, e.g.
 * {@code 2026-11-22T05:23:15.123+01:00} ({@code Z} for a zero offset, as
 * {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes it), always with three fraction
 * digits.
 *
 * <p>A {@code DateTimeFormatter} costs several hundred nanoseconds per event; this keeps the
 * text of the current second and only rewrites the milliseconds, recomputing the rest (and
 * the offset, which changes at DST transitions) when the second changes. Not thread-safe: one
 * per thread.
 */
public final class IsoTimestamp {
  private final ZoneId zone;
  private final StringBuilder text = new StringBuilder(32);
  private long cachedSecond = Long.MIN_VALUE;
  private int prefixLength;
  private String offset = "Z";

  public IsoTimestamp(ZoneId zone) {
    this.zone = zone;
  }

  /** The formatted time; valid until the next call. */
  public CharSequence format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    if (second != cachedSecond) {
      rebuild(second);
    }
    text.setLength(prefixLength);
    text.append((char) ('0' + millis / 100))
        .append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10))
        .append(offset);
    return text;
  }

  private void rebuild(long second) {
    ZoneOffset off = zone.getRules().getOffset(Instant.ofEpochSecond(second));
    LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, off);
    text.setLength(0);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      // Outside the 4-digit range ISO-8601 needs a sign; rare enough to take the slow path.
      text.append(year > 9999 ? "+" : "").append(year);
    } else {
      pad(year, 4);
    }
    text.append('-');
    pad(t.getMonthValue(), 2);
    text.append('-');
    pad(t.getDayOfMonth(), 2);
    text.append('T');
    pad(t.getHour(), 2);
    text.append(':');
    pad(t.getMinute(), 2);
    text.append(':');
    pad(t.getSecond(), 2);
    text.append('.');
    prefixLength = text.length();
    offset = off.getId();
    cachedSecond = second;
  }

  private void pad(int value, int digits) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < digits; i++) {
      text.append('0');
    }
    text.append(s);
  }
}

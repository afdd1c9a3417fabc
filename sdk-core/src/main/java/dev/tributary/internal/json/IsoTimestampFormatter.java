package dev.tributary.internal.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Formats epoch milliseconds as ISO-8601 with millisecond precision and the zone's offset,
 * e.g. {@code 2026-11-22T06:23:15.123+01:00} ({@code Z} for UTC): the {@code @timestamp} of the
 * appenders' JSON. The date, time and offset of the current second are cached, so most events
 * only append three digits.
 *
 * <p>Not thread-safe: appenders keep one per thread, like {@link JsonWriter}.
 */
public final class IsoTimestampFormatter {
  private final ZoneId zone;
  private final StringBuilder secondPrefix = new StringBuilder(32);
  private String offset = "";
  private long cachedSecond = Long.MIN_VALUE;

  public IsoTimestampFormatter(ZoneId zone) {
    this.zone = zone;
  }

  /** Appends the timestamp of {@code epochMillis} to {@code out}. */
  public void formatTo(long epochMillis, StringBuilder out) {
    long second = Math.floorDiv(epochMillis, 1000L);
    if (second != cachedSecond) {
      cache(second);
    }
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    out.append(secondPrefix).append('.');
    out.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10)).append(offset);
  }

  private void cache(long second) {
    ZoneOffset zoneOffset = zone.getRules().getOffset(Instant.ofEpochSecond(second));
    LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, zoneOffset);
    secondPrefix.setLength(0);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      // Outside four digits ISO-8601 needs a sign.
      secondPrefix.append(year > 9999 ? "+" : "").append(year);
    } else {
      pad(secondPrefix, year, 4);
    }
    secondPrefix.append('-');
    pad(secondPrefix, t.getMonthValue(), 2);
    secondPrefix.append('-');
    pad(secondPrefix, t.getDayOfMonth(), 2);
    secondPrefix.append('T');
    pad(secondPrefix, t.getHour(), 2);
    secondPrefix.append(':');
    pad(secondPrefix, t.getMinute(), 2);
    secondPrefix.append(':');
    pad(secondPrefix, t.getSecond(), 2);
    offset = zoneOffset.getId();
    cachedSecond = second;
  }

  private static void pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }
}

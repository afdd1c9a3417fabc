package dev.tributary.internal.appender;

import dev.tributary.TributaryConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one syntax of both appenders' text settings: sizes, durations, booleans, counts, enum
 * names and {@code name=value} pairs. A bad value fails with a {@link TributaryConfigException}
 * naming the setting, the value and the accepted forms. Stateless.
 *
 * <p>The appenders take their settings as text and parse them here, rather than letting Joran
 * or Log4j2's plugin system convert them, because those report a failed conversion without
 * naming the appender and then start it with a default, which would hide the mistake.
 *
 * <pre>{@code
 * long bytes = SettingSyntax.size("bufferSize", "32MB");             // 33554432
 * Duration d = SettingSyntax.duration("linger", "1.5 seconds");      // PT1.5S
 * }</pre>
 */
public final class SettingSyntax {
  /** The accepted forms of a size, for messages and docs. */
  public static final String SIZE_FORMS = "a size: a whole number, then nothing or B (bytes), "
      + "KB, MB or GB (also K/KiB, M/MiB, G/GiB; any case; 1 KB = 1024 bytes), e.g. 32MB";
  /** The accepted forms of a duration, for messages and docs. */
  public static final String DURATION_FORMS = "a duration >= 0: a number (fractions allowed), "
      + "then nothing (milliseconds), ms, s, m (minutes), h, d or the word (milliseconds, "
      + "seconds, minutes, hours, days), e.g. 500ms, 5s, 2m, 1.5 seconds; or ISO-8601 PT5S";

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
  private static final Pattern DURATION = Pattern.compile("(\\d*\\.?\\d+)\\s*([a-z]*)");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private SettingSyntax() {}

  /** True when a setting was left out or empty, so its default applies. */
  public static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  /** The trimmed text of a setting that must be there; {@code example} shows a valid one. */
  public static String required(String setting, String text, String example) {
    if (isBlank(text)) {
      throw new TributaryConfigException(setting, text, "required, e.g. " + example);
    }
    return text.trim();
  }

  /** Bytes of a size such as {@code 32MB}, {@code 512 kb}, {@code 1GiB} or {@code 1048576}. */
  public static long size(String setting, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    int shift = m.matches() ? sizeShift(m.group(2)) : -1;
    if (shift < 0) {
      throw new TributaryConfigException(setting, text, SIZE_FORMS);
    }
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TributaryConfigException(setting, text, SIZE_FORMS + "; this one is too large");
    }
  }

  /** A size that must fit an int, such as a record or segment size. */
  public static int intSize(String setting, String text) {
    long size = size(setting, text);
    if (size > Integer.MAX_VALUE) {
      throw new TributaryConfigException(setting, text, "a size below 2GB");
    }
    return (int) size;
  }

  /** Powers of two of the unit; -1 for none known. */
  private static int sizeShift(String unit) {
    switch (unit) {
      case "":
      case "b":
        return 0;
      case "k":
      case "kb":
      case "kib":
      case "kbs": // Logback's own size syntax takes a plural
        return 10;
      case "m":
      case "mb":
      case "mib":
      case "mbs":
        return 20;
      case "g":
      case "gb":
      case "gib":
      case "gbs":
        return 30;
      default:
        return -1;
    }
  }

  /**
   * A duration that is not negative: a number with a unit ({@code 500ms}, {@code 5s},
   * {@code 2m}, {@code 1.5 seconds}; a bare number is milliseconds) or ISO-8601
   * ({@code PT5S}).
   */
  public static Duration duration(String setting, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d = t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")
        ? iso(setting, text, t) : withUnit(setting, text, t);
    if (d.isNegative()) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS);
    }
    return d;
  }

  private static Duration iso(String setting, String text, String t) {
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS);
    }
  }

  private static Duration withUnit(String setting, String text, String t) {
    Matcher m = DURATION.matcher(t);
    long unitNanos = m.matches() ? unitNanos(m.group(2)) : -1;
    if (unitNanos < 0) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS);
    }
    try {
      BigDecimal[] secondsAndNanos = new BigDecimal(m.group(1))
          .multiply(BigDecimal.valueOf(unitNanos)).divideAndRemainder(NANOS_PER_SECOND);
      return Duration.ofSeconds(secondsAndNanos[0].longValueExact(),
          secondsAndNanos[1].longValue());
    } catch (ArithmeticException e) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS + "; this one is too long");
    }
  }

  /** Nanoseconds in one of the unit; -1 for none known. */
  private static long unitNanos(String unit) {
    switch (unit) {
      case "":
      case "ms":
      case "milli":
      case "millis":
      case "millisecond":
      case "milliseconds":
        return 1_000_000L;
      case "s":
      case "sec":
      case "secs":
      case "second":
      case "seconds":
      case "seconde": // Logback's own duration syntax takes the French spelling
      case "secondes":
        return 1_000_000_000L;
      case "m":
      case "min":
      case "mins":
      case "minute":
      case "minutes":
        return 60_000_000_000L;
      case "h":
      case "hour":
      case "hours":
        return 3_600_000_000_000L;
      case "d":
      case "day":
      case "days":
        return 86_400_000_000_000L;
      default:
        return -1;
    }
  }

  /** {@code true} or {@code false}, in any case; anything else is refused. */
  public static boolean bool(String setting, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    throw new TributaryConfigException(setting, text, "true or false");
  }

  /** A whole number of at least 0. */
  public static int nonNegativeInt(String setting, String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TributaryConfigException(setting, text, "a whole number >= 0 (0 = no limit)");
  }

  /** A constant of {@code type}, in any case, with {@code -} for {@code _}. */
  public static <E extends Enum<E>> E enumValue(String setting, String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder("one of");
      for (E c : type.getEnumConstants()) {
        allowed.append(c.ordinal() == 0 ? " " : ", ").append(c.name());
      }
      throw new TributaryConfigException(setting, text, allowed.toString());
    }
  }

  /**
   * {@code name=value}, split at the first {@code =} (values may hold more, as
   * {@code sasl.jaas.config} does); both trimmed; the name must not be empty.
   */
  public static Map.Entry<String, String> pair(String setting, String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0 || text.substring(0, eq).isBlank()) {
      throw new TributaryConfigException(setting, text, "name=value, e.g. service=checkout");
    }
    return new AbstractMap.SimpleImmutableEntry<>(text.substring(0, eq).trim(),
        text.substring(eq + 1).trim());
  }
}

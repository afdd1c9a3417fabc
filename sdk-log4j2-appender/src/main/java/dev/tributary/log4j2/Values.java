package dev.tributary.log4j2;

import dev.tributary.TributaryConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the appender's size and duration attributes, so a bad value fails with a message that
 * names the attribute, the value and the accepted forms.
 */
final class Values {
  static final String SIZE_FORMS = "a size such as 32MB, 512KB, 1GB or 1048576 (bytes; "
      + "KB/MB/GB count 1024s)";
  static final String DURATION_FORMS = "a duration such as 500ms, 5s, 2m, 1h, 5 seconds, "
      + "PT5S (ISO-8601) or 5000 (milliseconds)";

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

  private Values() {}

  /** Bytes of {@code text}, or {@code defaultBytes} when it is null or blank. */
  static long size(String setting, String text, long defaultBytes) {
    if (text == null || text.isBlank()) {
      return defaultBytes;
    }
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TributaryConfigException(setting, text, SIZE_FORMS);
    }
    long shift;
    switch (m.group(2)) {
      case "":
      case "b":
        shift = 0;
        break;
      case "k":
      case "kb":
      case "kib":
        shift = 10;
        break;
      case "m":
      case "mb":
      case "mib":
        shift = 20;
        break;
      case "g":
      case "gb":
      case "gib":
        shift = 30;
        break;
      default:
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

  /** The duration of {@code text}, or {@code defaultValue} when it is null or blank. */
  static Duration duration(String setting, String text, Duration defaultValue) {
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p") || t.startsWith("-p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new TributaryConfigException(setting, text, DURATION_FORMS);
      }
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS);
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new TributaryConfigException(setting, text, DURATION_FORMS + "; this one is too large");
    }
    switch (m.group(2)) {
      case "":
      case "ms":
      case "milli":
      case "millis":
      case "millisecond":
      case "milliseconds":
        return Duration.ofMillis(n);
      case "s":
      case "sec":
      case "secs":
      case "second":
      case "seconds":
        return Duration.ofSeconds(n);
      case "m":
      case "min":
      case "mins":
      case "minute":
      case "minutes":
        return Duration.ofMinutes(n);
      case "h":
      case "hour":
      case "hours":
        return Duration.ofHours(n);
      case "d":
      case "day":
      case "days":
        return Duration.ofDays(n);
      default:
        throw new TributaryConfigException(setting, text, DURATION_FORMS);
    }
  }

  /** A whole number of at least 0, or {@code defaultValue} when null or blank. */
  static int nonNegativeInt(String setting, String text, int defaultValue) {
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
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

  /** true/false (any case), or {@code defaultValue} when null or blank. */
  static boolean bool(String setting, String text, boolean defaultValue) {
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    throw new TributaryConfigException(setting, text, "true or false");
  }

  /** Rejects a null or blank required value. */
  static String required(String setting, String text, String example) {
    if (text == null || text.isBlank()) {
      throw new TributaryConfigException(setting, text, "required, e.g. " + example);
    }
    return text.trim();
  }
}

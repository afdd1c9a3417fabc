package dev.tributary.internal.logback;

import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.tributary.TributaryConfigException;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the text of XML settings with Logback's own syntaxes ({@code 32MB},
 * {@code 5 seconds}) and reports a bad value as a {@link TributaryConfigException} naming the
 * setting, the value and what is accepted. Stateless.
 *
 * <p>The appender takes these settings as strings and parses them here, rather than letting
 * Joran convert them, because Joran reports a failed conversion without naming the appender
 * and then starts it with the default value, which would hide the mistake.
 */
public final class Settings {
  private Settings() {}

  /** A size in Logback's syntax: {@code 1048576}, {@code 512KB}, {@code 32MB}, {@code 1GB}. */
  public static long size(String setting, String text) {
    try {
      return FileSize.valueOf(text.trim()).getSize();
    } catch (RuntimeException e) {
      throw new TributaryConfigException(setting, text,
          "a size such as 32MB: a whole number followed by nothing (bytes), KB, MB or GB");
    }
  }

  /** A size that must fit an int, such as a record size. */
  public static int intSize(String setting, String text) {
    long size = size(setting, text);
    if (size > Integer.MAX_VALUE) {
      throw new TributaryConfigException(setting, text, "must be below 2GB");
    }
    return (int) size;
  }

  /**
   * A duration in Logback's syntax ({@code 500 milliseconds}, {@code 5 seconds},
   * {@code 2 minutes}, {@code 1 hour}; a bare number is milliseconds) or ISO-8601
   * ({@code PT5S}).
   */
  public static java.time.Duration duration(String setting, String text) {
    String t = text.trim();
    try {
      if (t.regionMatches(true, 0, "P", 0, 1)) {
        return java.time.Duration.parse(t);
      }
      return java.time.Duration.ofMillis(Duration.valueOf(t).getMilliseconds());
    } catch (RuntimeException e) {
      throw new TributaryConfigException(setting, text, "a duration such as 500 milliseconds, "
          + "5 seconds, 2 minutes, 1 hour (a bare number is milliseconds) or ISO-8601 PT5S");
    }
  }

  /** A constant of {@code type}, matched case-insensitively. */
  public static <E extends Enum<E>> E enumValue(String setting, String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder("one of");
      for (E c : type.getEnumConstants()) {
        allowed.append(' ').append(c.name());
      }
      throw new TributaryConfigException(setting, text, allowed.toString());
    }
  }

  /** {@code name=value}; the name is trimmed and must not be empty, the value may be. */
  public static Map.Entry<String, String> pair(String setting, String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0 || text.substring(0, eq).isBlank()) {
      throw new TributaryConfigException(setting, text, "name=value, e.g. service=checkout");
    }
    return new AbstractMap.SimpleImmutableEntry<>(text.substring(0, eq).trim(),
        text.substring(eq + 1).trim());
  }

  /** Runs {@code action}, reporting a config error under the appender's setting name. */
  public static void renamed(String setting, String text, Runnable action) {
    try {
      action.run();
    } catch (TributaryConfigException e) {
      throw rename(setting, text, e);
    }
  }

  /** {@code e} restated for {@code setting} and the text the user wrote. */
  public static TributaryConfigException rename(String setting, String text,
      TributaryConfigException e) {
    String message = e.getMessage();
    int at = message.indexOf("': ");
    return new TributaryConfigException(setting, text,
        at < 0 ? message : message.substring(at + 3), e);
  }

  /** True when the setting was left out or empty. */
  public static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}

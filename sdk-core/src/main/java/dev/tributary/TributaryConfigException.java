package dev.tributary;

/**
 * A setting has a value Tributary cannot use. The message names the setting, the rejected
 * value and what is accepted. Not retriable: fix the configuration.
 */
public final class TributaryConfigException extends TributaryException {
  private static final long serialVersionUID = 1L;
  private final String setting;

  public TributaryConfigException(String setting, Object value, String allowed) {
    this(setting, value, allowed, null);
  }

  public TributaryConfigException(String setting, Object value, String allowed, Throwable cause) {
    super("Invalid value " + quote(value) + " for setting '" + setting + "': " + allowed, cause,
        false);
    this.setting = setting;
  }

  /** The name of the offending setting. */
  public String setting() {
    return setting;
  }

  private static String quote(Object value) {
    return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
  }
}

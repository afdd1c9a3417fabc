package dev.tributary.log4j2;

import java.util.Objects;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * A static field added to every JSON event written by {@link TributaryJsonLayout}, e.g. the
 * service name or environment. Lookups such as {@code ${env:ENVIRONMENT}} are resolved when
 * the configuration loads. Immutable.
 *
 * <pre>{@code
 * <Tributary name="KAFKA" destination="kafka://127.0.0.1:9092" topic="app-logs">
 *   <Field name="service" value="checkout"/>
 * </Tributary>
 * }</pre>
 */
@Plugin(name = "Field", category = Core.CATEGORY_NAME, printObject = true)
public final class Field {
  private final String name;
  private final String value;

  private Field(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /** A field named {@code name} holding the string {@code value}. */
  public static Field of(String name, String value) {
    return new Field(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
  }

  /** Called by Log4j2 for {@code <Field name=".." value=".."/>}; null (reported) if incomplete. */
  @PluginFactory
  public static Field createField(@PluginAttribute("name") String name,
      @PluginAttribute("value") String value) {
    if (name == null || name.isBlank() || value == null) {
      StatusLogger.getLogger().error("Tributary <Field> needs a non-empty name and a value; got "
          + "name={}, value={}", name, value);
      return null;
    }
    return new Field(name.trim(), value);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return name + '=' + value;
  }
}

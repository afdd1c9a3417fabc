package dev.tributary.log4j2;

import java.util.Objects;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * A static Kafka record header added to every record the {@link TributaryAppender} sends, e.g.
 * the service name, so consumers can route without parsing the value. The value is sent as
 * UTF-8. Immutable.
 *
 * <pre>{@code
 * <Tributary name="KAFKA" destination="kafka://127.0.0.1:9092" topic="app-logs">
 *   <Header name="service" value="checkout"/>
 * </Tributary>
 * }</pre>
 */
@Plugin(name = "Header", category = Core.CATEGORY_NAME, printObject = true)
public final class Header {
  private final String name;
  private final String value;

  private Header(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /** A header named {@code name} holding {@code value}. */
  public static Header of(String name, String value) {
    return new Header(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
  }

  /** Called by Log4j2 for {@code <Header name=".." value=".."/>}; null (reported) if incomplete. */
  @PluginFactory
  public static Header createHeader(@PluginAttribute("name") String name,
      @PluginAttribute("value") String value) {
    if (name == null || name.isBlank() || value == null) {
      StatusLogger.getLogger().error("Tributary <Header> needs a non-empty name and a value; got "
          + "name={}, value={}", name, value);
      return null;
    }
    return new Header(name.trim(), value);
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

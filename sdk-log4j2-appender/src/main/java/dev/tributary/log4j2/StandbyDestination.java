package dev.tributary.log4j2;

import dev.tributary.internal.appender.StandbyText;
import java.util.List;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * A standby destination of the {@link TributaryAppender}, with its own name and producer
 * properties, used when the primary fails ({@code destinationMode="failover"}, the default) or
 * written to as well ({@code "mirror"}). Repeatable, in order of preference. Immutable.
 *
 * <pre>{@code
 * <Tributary name="KAFKA" destination="kafka://onprem:9092" topic="app-logs">
 *   <StandbyDestination destination="kafka://cloud:9092" name="cloud">
 *     <Property name="security.protocol" value="SASL_SSL"/>
 *   </StandbyDestination>
 * </Tributary>
 * }</pre>
 */
@Plugin(name = "StandbyDestination", category = Core.CATEGORY_NAME, printObject = true)
public final class StandbyDestination {
  private final String destination;
  private final String name;
  private final List<Property> properties;
  private final Configuration configuration;

  private StandbyDestination(String destination, String name, List<Property> properties,
      Configuration configuration) {
    this.destination = destination;
    this.name = name;
    this.properties = properties;
    this.configuration = configuration;
  }

  /** Called by Log4j2 for {@code <StandbyDestination destination=".." name="..">}. */
  @PluginFactory
  public static StandbyDestination createStandbyDestination(
      @PluginAttribute("destination") String destination, @PluginAttribute("name") String name,
      @PluginElement("Properties") Property[] properties,
      @PluginConfiguration Configuration configuration) {
    return new StandbyDestination(destination, name,
        properties == null ? List.of() : List.of(properties), configuration);
  }

  /** This standby as text for the shared settings grammar, which parses it with the rest. */
  StandbyText toText() {
    StandbyText t = new StandbyText("StandbyDestination").destination(destination).name(name);
    for (Property p : properties) {
      // As for the appender's own properties: a value written with $${env:...} keeps its
      // lookup until here, so status="debug" output shows the placeholder, never the secret.
      t.producerProperty(p.getName(), p.isValueNeedsLookup() && configuration != null
          ? p.evaluate(configuration.getStrSubstitutor()) : p.getValue());
    }
    return t;
  }

  @Override
  public String toString() {
    // Names only: property values may be secrets.
    return (name == null ? "standby" : name) + "=" + destination;
  }
}

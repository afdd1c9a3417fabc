package dev.tributary.logback;

import dev.tributary.StandbyDestination;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.logback.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code <standbyDestination>} of a {@link TributaryAppender}: a destination with its own
 * name and producer properties, used when the primary fails ({@code destinationMode} failover,
 * the default) or written to as well ({@code mirror}). Values are parsed at the appender's
 * {@code start()}.
 *
 * <pre>{@code
 * <standbyDestination>
 *   <destination>kafka://cloud-1:9092</destination>
 *   <name>cloud</name>
 *   <producerProperty>security.protocol=SASL_SSL</producerProperty>
 * </standbyDestination>
 * }</pre>
 */
public class StandbyDestinationSettings {
  private String destination;
  private String name;
  private final List<String> producerProperties = new ArrayList<>();

  /** Required. Any scheme, as the appender's {@code destination}. */
  public void setDestination(String destination) {
    this.destination = destination;
  }

  /** Its name in metrics, status lines and the destination header; default standby-n. */
  public void setName(String name) {
    this.name = name;
  }

  /** A producer property for this destination only, {@code name=value}; repeatable. */
  public void addProducerProperty(String nameValue) {
    producerProperties.add(nameValue);
  }

  StandbyDestination toStandby() {
    if (Settings.isBlank(destination)) {
      throw new TributaryConfigException("standbyDestination.destination", destination,
          "each <standbyDestination> needs a <destination>");
    }
    StandbyDestination.Builder b = StandbyDestination.builder(destination.trim());
    if (!Settings.isBlank(name)) {
      b.name(name.trim());
    }
    for (String p : producerProperties) {
      Map.Entry<String, String> e = Settings.pair("standbyDestination.producerProperty", p);
      b.producerProperty(e.getKey(), e.getValue());
    }
    return b.build();
  }
}

package dev.tributary.logback;

import dev.tributary.internal.appender.StandbyText;

/**
 * One {@code <standbyDestination>} of a {@link TributaryAppender}: a destination with its own
 * name and producer properties, used when the primary fails ({@code destinationMode} failover,
 * the default) or written to as well ({@code mirror}). Values are parsed at the appender's
 * {@code start()}, in the syntax both appenders share.
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
  private final StandbyText text = new StandbyText("standbyDestination");

  /** Required. Any scheme, as the appender's {@code destination}. */
  public void setDestination(String destination) {
    text.destination(destination);
  }

  /** Its name in metrics, status lines and the destination header; default standby-n. */
  public void setName(String name) {
    text.name(name);
  }

  /** A producer property for this destination only, {@code name=value}; repeatable. */
  public void addProducerProperty(String nameValue) {
    text.producerPropertyText(nameValue);
  }

  StandbyText text() {
    return text;
  }
}

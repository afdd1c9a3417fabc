package dev.tributary.internal.appender;

import static dev.tributary.internal.appender.SettingSyntax.isBlank;

import dev.tributary.StandbyDestination;
import dev.tributary.TributaryConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One standby destination of an appender as the user wrote it (Logback's
 * {@code <standbyDestination>}, Log4j2's {@code <StandbyDestination>}), turned into the core's
 * {@link StandbyDestination} by {@link SettingsText#toConfig}. Errors name the setting as the
 * user wrote it: {@code <element>.destination}, {@code <element>.producerProperty}.
 *
 * <p>Mutable, for configuration time only; not thread-safe.
 */
public final class StandbyText {
  private final String element;
  private String destination;
  private String name;
  /** Producer properties: {@code name=value} texts, or pairs given as such (value may be null). */
  private final List<String[]> properties = new ArrayList<>();

  /**
   * @param element the element's name as written: {@code standbyDestination} (Logback) or
   *     {@code StandbyDestination} (Log4j2)
   */
  public StandbyText(String element) {
    this.element = element;
  }

  /** Required: any scheme, as the appender's {@code destination}. */
  public StandbyText destination(String text) {
    this.destination = text;
    return this;
  }

  /** Its name in metrics, status lines and the destination header; default standby-n. */
  public StandbyText name(String text) {
    this.name = text;
    return this;
  }

  /** A producer property of this destination only, as {@code name=value} text. */
  public StandbyText producerPropertyText(String nameValue) {
    properties.add(new String[] {nameValue});
    return this;
  }

  /** A producer property of this destination only, given as name and value. */
  public StandbyText producerProperty(String key, String value) {
    properties.add(new String[] {key, value});
    return this;
  }

  /**
   * The core's standby.
   *
   * @throws TributaryConfigException naming the first bad setting
   */
  StandbyDestination toStandby() {
    if (isBlank(destination)) {
      throw new TributaryConfigException(element + ".destination", destination,
          "each <" + element + "> needs a destination");
    }
    StandbyDestination.Builder b = StandbyDestination.builder(destination.trim());
    if (!isBlank(name)) {
      b.name(name.trim());
    }
    for (String[] p : properties) {
      if (p.length == 1) {
        Map.Entry<String, String> kv = SettingSyntax.pair(element + ".producerProperty", p[0]);
        b.producerProperty(kv.getKey(), kv.getValue());
      } else {
        b.producerProperty(p[0], p[1]);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    // Names only: property values may be secrets.
    return (isBlank(name) ? element : name) + "=" + destination;
  }
}

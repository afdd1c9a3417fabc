package dev.tributary;

import dev.tributary.spi.Destination;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A standby destination of a producer: its URI, a name for metrics, status lines and the
 * destination header, and its own producer properties (credentials, TLS, Kafka settings),
 * which are never mixed with the primary's. Any scheme, independent of the primary's. Immutable;
 * add it with {@link TributaryConfig.Builder#standby(StandbyDestination)}.
 *
 * <pre>{@code
 * TributaryConfig config = TributaryConfig.builder("kafka://onprem-1:9092,onprem-2:9092")
 *     .standby(StandbyDestination.builder("kafka://cloud-1:9092")
 *         .name("cloud")
 *         .producerProperty("security.protocol", "SASL_SSL")
 *         .producerProperty("sasl.mechanism", "SCRAM-SHA-512")
 *         .producerProperty("sasl.jaas.config", cloudJaasConfig)
 *         .build())
 *     .build();
 * }</pre>
 */
public final class StandbyDestination {
  /** The name of the main destination, which a standby cannot take. */
  public static final String PRIMARY = "primary";

  private final Destination destination;
  private final String name;
  private final Map<String, String> producerProperties;

  private StandbyDestination(Destination destination, String name,
      Map<String, String> producerProperties) {
    this.destination = destination;
    this.name = name;
    this.producerProperties = Map.copyOf(producerProperties);
  }

  /**
   * Starts a standby for {@code destination}, e.g. {@code kafka://cloud:9092} or
   * {@code pixy+grpc://edge:19091}.
   *
   * @throws TributaryConfigException naming {@code standbyDestination} if the URI is malformed
   */
  public static Builder builder(String destination) {
    return new Builder(destination);
  }

  public Destination destination() {
    return destination;
  }

  /**
   * Its name, or null when none was given: the producer then calls it {@code standby-<n>}, by
   * its position among the standbys (see {@link TributaryConfig#standbys()}).
   */
  public String name() {
    return name;
  }

  /** Properties for this destination's transport only; unmodifiable. */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  StandbyDestination named(String n) {
    return new StandbyDestination(destination, n, producerProperties);
  }

  @Override
  public String toString() {
    // Producer properties may hold credentials: their names only.
    return (name == null ? "standby" : name) + "=" + destination
        + (producerProperties.isEmpty() ? "" : " " + producerProperties.keySet());
  }

  /** Collects a standby's settings. Not thread-safe. */
  public static final class Builder {
    private final Destination destination;
    private String name;
    private final Map<String, String> producerProperties = new LinkedHashMap<>();

    private Builder(String uri) {
      this.destination = Destination.parse(uri, "standbyDestination");
    }

    /**
     * Names it in metrics, status lines and the destination header: 1 to 40 characters from
     * {@code A-Z a-z 0-9 . _ -}, not {@value StandbyDestination#PRIMARY}, unique per producer.
     */
    public Builder name(String name) {
      if (name == null || !name.matches("[A-Za-z0-9._-]{1,40}") || name.equals(PRIMARY)) {
        throw new TributaryConfigException("standbyDestination.name", name,
            "1 to 40 characters from A-Z a-z 0-9 . _ -, and not '" + PRIMARY + "'");
      }
      this.name = name;
      return this;
    }

    /** A property for this standby's transport, as {@link TributaryConfig.Builder#producerProperty}. */
    public Builder producerProperty(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new TributaryConfigException("standbyDestination.producerProperty", key,
            "the name must not be empty");
      }
      if (value == null) {
        throw new TributaryConfigException("standbyDestination.producerProperty." + key, null,
            "the value must not be null");
      }
      producerProperties.put(key.trim(), value.trim());
      return this;
    }

    /** Adds every entry of {@code properties}, as {@link #producerProperty} does. */
    public Builder producerProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::producerProperty);
      return this;
    }

    public StandbyDestination build() {
      return new StandbyDestination(destination, name, producerProperties);
    }
  }
}

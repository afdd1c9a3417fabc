package dev.tributary.internal.kafka;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Serves {@code kafka://host:port[,host:port]} with kafka-clients' {@code KafkaProducer}.
 *
 * <p>Defaults favour keeping data: {@code acks=all} with idempotence, lz4 compression, and
 * Kafka's delivery timeout bounding one attempt: half of Tributary's delivery timeout, at most
 * two minutes. Any
 * producer property passes through and wins over these defaults, except the three Tributary
 * owns: {@code bootstrap.servers} (from the destination) and the serializers (bytes).
 */
public final class KafkaTransportProvider implements TransportProvider {
  /** Port used when a destination host names none. */
  public static final int DEFAULT_PORT = 9092;
  /** Tributary's Kafka producer defaults, overridable per property. */
  static final Map<String, String> DEFAULTS = Map.of(
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.LINGER_MS_CONFIG, "5",
      ProducerConfig.BATCH_SIZE_CONFIG, "131072",
      // The sender thread waits at most this long for metadata of a topic, so a dead cluster
      // costs it seconds, not the Kafka default of a minute, before the batch is retried.
      ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
  private static final Set<String> OWNED = Set.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

  @Override
  public Set<String> schemes() {
    return Set.of("kafka");
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {
    if (!destination.path().isEmpty() && !destination.path().equals("/")) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "a kafka:// destination takes no path; expected kafka://host:port[,host:port]");
    }
    for (String key : config.producerProperties().keySet()) {
      if (OWNED.contains(key)) {
        throw new TributaryConfigException("producerProperty." + key,
            config.producerProperties().get(key), key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                ? "brokers come from the destination (kafka://host:port,host:port)"
                : "Tributary always sends bytes; serializers cannot be set");
      }
    }
    try {
      new ProducerConfig(new HashMap<>(properties(destination, config)));
    } catch (KafkaException e) {
      // Names only: values such as sasl.jaas.config hold secrets. Kafka's own message hides
      // values of its PASSWORD-typed settings.
      throw new TributaryConfigException("producerProperty",
          config.producerProperties().keySet().toString(),
          "kafka-clients rejected the producer properties: " + e.getMessage(), e);
    }
  }

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    return new KafkaTransport(properties(destination, config), diagnostics);
  }

  /**
   * The longest one attempt (one {@code KafkaProducer.send}) may take: Kafka's own default
   * delivery timeout, and at most half of Tributary's, so every record gets at least two
   * attempts. Further attempts matter
   * when kafka-clients is stuck on a batch it can never complete — e.g. an idempotent producer
   * writing to a just-created partition spins on OUT_OF_ORDER_SEQUENCE_NUMBER until its
   * delivery timeout (KAFKA-15591, KAFKA-14359); the expired records are then sent again.
   */
  static final long MAX_ATTEMPT_MS = 120_000;

  /** The KafkaProducer properties: defaults, then the user's, then what Tributary owns. */
  static Map<String, Object> properties(Destination destination, TributaryConfig config) {
    Map<String, Object> props = new HashMap<>(DEFAULTS);
    // Half the delivery timeout at most, so a stuck attempt leaves time for another.
    long deliveryMs = Math.min(MAX_ATTEMPT_MS, Math.max(1, config.deliveryTimeout().toMillis() / 2));
    long lingerMs = lingerMs(config.producerProperties()
        .getOrDefault(ProducerConfig.LINGER_MS_CONFIG, DEFAULTS.get(ProducerConfig.LINGER_MS_CONFIG)));
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    long requestMs = Math.max(1, Math.min(30_000, deliveryMs - lingerMs));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(
        Math.max(deliveryMs, lingerMs + requestMs)));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestMs));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
    props.putAll(config.producerProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, destination.hostList(DEFAULT_PORT));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  private static long lingerMs(String value) {
    try {
      long ms = Long.parseLong(value.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below, naming the setting
    }
    throw new TributaryConfigException("producerProperty." + ProducerConfig.LINGER_MS_CONFIG,
        value, "must be a whole number of milliseconds >= 0");
  }

  static Duration closeTimeout(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}

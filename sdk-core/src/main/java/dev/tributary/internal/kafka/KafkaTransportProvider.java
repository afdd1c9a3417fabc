package dev.tributary.internal.kafka;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.internal.redact.Secrets;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Serves {@code kafka://host:port[,host:port]} with kafka-clients' {@code KafkaProducer}.
 *
 * <p>Defaults favour keeping data: {@code acks=all} with idempotence, lz4 compression, and
 * Kafka's delivery timeout bounding one attempt: half of Tributary's delivery timeout, at most
 * two minutes. Any producer property passes through and wins over these defaults, and the
 * defaults that depend on it follow ({@link ProducerProperties}), except the three Tributary
 * owns: {@code bootstrap.servers} (from the destination) and the serializers (bytes). A name
 * kafka-clients does not know is refused ({@link KafkaKeys}).
 */
public final class KafkaTransportProvider implements TransportProvider {
  /** Port used when a destination host names none. */
  public static final int DEFAULT_PORT = 9092;
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
    List<String> forPlugins = KafkaKeys.check(config.producerProperties());
    if (!forPlugins.isEmpty()) {
      config.diagnostics().info("Producer properties " + forPlugins + " are not kafka-clients "
          + "settings; passed on for the configured plugins "
          + KafkaKeys.plugins(config.producerProperties()));
    }
    try {
      Map<String, Object> props = new HashMap<>(properties(destination, config));
      if (props.containsKey(AbstractConfig.CONFIG_PROVIDERS_CONFIG)) {
        new ProducerConfig(props); // resolves ${provider:...} values before checking them
      } else {
        // The same type and range checks without logging every value: at start-up under
        // Logback that line would be one SLF4J replays with a warning, and the client logs it
        // again when it is created.
        ProducerConfig.configDef().parse(props);
      }
    } catch (KafkaException e) {
      throw rejected(config.producerProperties(), e);
    }
  }

  /**
   * kafka-clients' refusal, naming the one property it is about when its message says which
   * (as {@code ConfigException} does: "Invalid value v for configuration k: why"). The value is
   * shown only for settings that cannot hold a secret; Kafka's own message already hides the
   * values of its PASSWORD-typed settings.
   */
  private static TributaryConfigException rejected(Map<String, String> user, KafkaException e) {
    Matcher m = CONFIG_ERROR.matcher(String.valueOf(e.getMessage()));
    if (m.find() && user.containsKey(m.group(1))) {
      String key = m.group(1);
      ConfigDef.ConfigKey def = ProducerConfig.configDef().configKeys().get(key);
      boolean secret = def == null || def.type == ConfigDef.Type.PASSWORD
          || Secrets.isSecretKey(key);
      String why = m.group(2).strip();
      if (def != null && (def.type == ConfigDef.Type.LONG || def.type == ConfigDef.Type.INT)) {
        why = "must be a whole number" + (key.endsWith(".ms") ? " of milliseconds" : "")
            + " (kafka-clients: " + why + ")";
      }
      return new TributaryConfigException("producerProperty." + key,
          secret ? "<redacted>" : user.get(key), why, e);
    }
    // Names only: values such as sasl.jaas.config hold secrets.
    return new TributaryConfigException("producerProperty", user.keySet().toString(),
        "kafka-clients rejected the producer properties: " + e.getMessage(), e);
  }

  private static final Pattern CONFIG_ERROR =
      Pattern.compile("for configuration ([\\w.\\-]+):(.*)", Pattern.DOTALL);

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    return new KafkaTransport(properties(destination, config), diagnostics);
  }

  /** The KafkaProducer properties: see {@link ProducerProperties}. */
  static Map<String, Object> properties(Destination destination, TributaryConfig config) {
    return ProducerProperties.of(destination, config);
  }

  static Duration closeTimeout(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}

package dev.tributary.internal.kafka;

import dev.tributary.TributaryConfigException;
import dev.tributary.internal.DidYouMean;
import dev.tributary.internal.redact.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which producer-property names a {@code kafka://} destination accepts: kafka-clients' own list
 * ({@link ProducerConfig#configNames()}), the families it reads by prefix
 * ({@code config.providers.<name>.class}/{@code .param.*}, {@code metrics.context.*}), and —
 * only once the user configured a plugin of their own (an interceptor, a metrics reporter, a
 * partitioner, any other {@code *.class}) — keys kafka-clients does not know, which it hands
 * to the plugins' {@code configure(Map)}. Any other name is a mistake: kafka-clients would log
 * "supplied but isn't a known config" and ignore it, so {@code compresion.type=zstd} would
 * silently send uncompressed. A near miss of a known name is refused even with a plugin
 * configured. Stateless.
 */
final class KafkaKeys {
  /** Prefixes kafka-clients reads whole families of keys from. */
  static final List<String> PREFIXES = List.of("config.providers.", "metrics.context.");

  private KafkaKeys() {}

  /**
   * Refuses the first unknown key, naming it and the setting it most likely meant.
   *
   * @return the unknown keys passed on to the user's plugins (none without a plugin)
   * @throws TributaryConfigException for a key kafka-clients does not know and no plugin may
   *     read, or a near miss of one it knows
   */
  static List<String> check(Map<String, String> user) {
    Set<String> known = ProducerConfig.configNames();
    Map<String, String> plugins = plugins(user);
    List<String> forPlugins = new ArrayList<>();
    for (String key : new TreeSet<>(user.keySet())) {
      if (known.contains(key) || PREFIXES.stream().anyMatch(key::startsWith)) {
        continue;
      }
      String hint = DidYouMean.hint(key, known);
      if (hint.isEmpty() && !plugins.isEmpty()) {
        forPlugins.add(key);
        continue;
      }
      // The value stays hidden: a misspelt secret key is not recognised as secret.
      throw new TributaryConfigException("producerProperty." + key, Secrets.REDACTED,
          "not a Kafka producer property" + (hint.isEmpty()
              ? " (kafka-clients' ProducerConfig does not define it, and kafka-clients would "
                  + "ignore it); keys for your own plugins are accepted once one is configured "
                  + "(interceptor.classes, metric.reporters, partitioner.class or another "
                  + "*.class property)"
              : hint));
    }
    return forPlugins;
  }

  /** The user's settings that load a class of theirs, which may read keys of its own. */
  static Map<String, String> plugins(Map<String, String> user) {
    Map<String, ConfigDef.ConfigKey> defs = ProducerConfig.configDef().configKeys();
    Map<String, String> plugins = new TreeMap<>();
    user.forEach((key, value) -> {
      ConfigDef.ConfigKey def = defs.get(key);
      boolean loadsClasses = def != null && (def.type == ConfigDef.Type.CLASS
          || (def.type == ConfigDef.Type.LIST && (key.endsWith(".classes")
              || key.equals(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG))));
      if (loadsClasses && !value.isBlank()) {
        plugins.put(key, value);
      }
    });
    return plugins;
  }
}

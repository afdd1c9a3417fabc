package dev.tributary.internal.http;

import dev.tributary.TributaryConfigException;
import dev.tributary.internal.DidYouMean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Reads typed values out of the producer properties for one destination, remembering which keys
 * it read so that everything else can be rejected as unknown. Errors name the key as
 * {@code producerProperty.<key>} (as the Kafka transport does) and never show a secret value.
 * Not thread-safe; used once per validation.
 */
public final class PropertyReader {
  private static final String REDACTED = "<redacted>";

  private final Map<String, String> properties;
  private final String scheme;
  private final Set<String> read = new TreeSet<>();

  /**
   * @param scheme the destination's scheme, named in "not a setting of" messages
   */
  public PropertyReader(Map<String, String> properties, String scheme) {
    this.properties = properties;
    this.scheme = scheme;
  }

  /** The scheme this reader validates for. */
  public String scheme() {
    return scheme;
  }

  /** The value of {@code key}, or null when absent. */
  public String string(String key) {
    read.add(key);
    String v = properties.get(key);
    if (v != null && v.isEmpty()) {
      throw invalid(key, "must not be empty; remove the property to use the default");
    }
    return v;
  }

  /** A whole number in {@code min..max}, or {@code dflt} when absent. */
  public long longIn(String key, long dflt, long min, long max) {
    String v = string(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw invalid(key, "must be a whole number in " + min + ".." + max);
  }

  /** {@code true} or {@code false} (any case), or {@code dflt} when absent. */
  public boolean bool(String key, boolean dflt) {
    String v = string(key);
    if (v == null) {
      return dflt;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw invalid(key, "must be true or false");
    }
  }

  /** Every key starting with {@code prefix}, as suffix to value, in the map's order. */
  public Map<String, String> prefixed(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        read.add(e.getKey());
        out.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return out;
  }

  /** True when any key starting with {@code prefix} is present. */
  public boolean anyWithPrefix(String prefix) {
    return properties.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /**
   * Rejects the first key that no read asked for: a typo or a setting of another transport
   * would otherwise be silently ignored.
   *
   * @param accepted the keys this destination accepts, listed in the message
   */
  public void rejectUnread(List<String> accepted) {
    for (String key : new TreeSet<>(properties.keySet())) {
      if (!read.contains(key)) {
        // Always redacted: a misspelt password key must not print its password.
        throw new TributaryConfigException(setting(key), REDACTED, "not a setting of "
            + scheme + " destinations" + whatItIs(key, accepted) + "; accepted: "
            + String.join(", ", accepted));
      }
    }
  }

  /**
   * {@code "; did you mean 'x'"} for a near miss of an accepted key, or a note that a Kafka
   * producer property applies to {@code kafka://} only; else nothing.
   */
  public static String whatItIs(String key, List<String> accepted) {
    List<String> fixed = accepted.stream().filter(k -> !k.contains("<")).toList();
    String hint = DidYouMean.hint(key, fixed);
    if (!hint.isEmpty()) {
      return hint.substring(0, hint.length() - 1); // without the '?': a list follows
    }
    return ProducerConfig.configNames().contains(key)
        ? " (a Kafka producer property: it applies to kafka:// destinations only)" : "";
  }

  /** A config exception for {@code key}, showing its value unless the key is secret. */
  public TributaryConfigException invalid(String key, String allowed) {
    return invalid(key, allowed, null);
  }

  /** As {@link #invalid(String, String)}, keeping {@code cause}. */
  public TributaryConfigException invalid(String key, String allowed, Throwable cause) {
    String value = properties.get(key);
    return new TributaryConfigException(setting(key),
        HttpKeys.isSecret(key) && value != null ? REDACTED : value, allowed, cause);
  }

  /** The setting name used in messages for producer property {@code key}. */
  public static String setting(String key) {
    return "producerProperty." + key;
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.http.HttpKeys;
import dev.tributary.spi.Destination;
import dev.tributary.testkit.ReadmeReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every setting the producer API and the transports in sdk-core accept is named in the README's
 * configuration reference, with the default the code uses: a new builder method or property key
 * fails this test until it is documented there, and so does a changed default.
 */
class ConfigurationReferenceTest {

  @Test
  void everyBuilderMethodIsInTheProducerApiTable() {
    Set<String> settings = new TreeSet<>();
    for (Method m : TributaryConfig.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build")) {
        settings.add(m.getName());
      }
    }
    assertThat(settings).contains("destination", "bufferBytes", "spoolSyncInterval");
    assertThat(ReadmeReference.names("Producer API")).containsAll(settings)
        .doesNotContain("noSuchSetting");
  }

  @Test
  void everyPropertyTheKafkaTransportSetsIsInTheKafkaTable() throws Exception {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092").build();
    Map<String, Object> set = kafkaProperties(config);
    assertThat(set.keySet()).contains("acks", "bootstrap.servers", "delivery.timeout.ms");
    assertThat(ReadmeReference.names("Kafka producer properties"))
        .containsAll(set.keySet());
  }

  @Test
  void everyHttpPixyAndRestKeyIsInTheHttpTable() throws Exception {
    Set<String> keys = new TreeSet<>();
    for (Class<?> c : new Class<?>[] {HttpKeys.class,
        Class.forName("dev.tributary.internal.pixy.PixySettings"),
        Class.forName("dev.tributary.internal.rest.RestSettings")}) {
      keys.addAll(keyConstants(c));
    }
    assertThat(keys).contains("http.call.timeout.ms", "pixy.max.in.flight", "rest.headers");
    Set<String> documented = ReadmeReference.names("HTTP proxy properties");
    for (String key : keys) {
      if (key.endsWith(".")) {
        // A prefix: documented by a row for its keys, e.g. http.header.<Name>.
        assertThat(documented).anyMatch(name -> name.startsWith(key));
      } else {
        assertThat(documented).contains(key);
      }
    }
  }

  @Test
  void producerApiDefaultsAreTheConstants() {
    Map<String, String> documented = ReadmeReference.defaults("Producer API");
    Map<String, Object> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("bufferBytes", TributaryConfig.DEFAULT_BUFFER_BYTES),
        Map.entry("maxRecordBytes", (long) TributaryConfig.DEFAULT_MAX_RECORD_BYTES),
        Map.entry("batchMaxRecords", (long) TributaryConfig.DEFAULT_BATCH_MAX_RECORDS),
        Map.entry("batchMaxBytes", (long) TributaryConfig.DEFAULT_BATCH_MAX_BYTES),
        Map.entry("maxInFlightBatches", (long) TributaryConfig.DEFAULT_MAX_IN_FLIGHT_BATCHES),
        Map.entry("spoolMaxBytes", TributaryConfig.DEFAULT_SPOOL_MAX_BYTES),
        Map.entry("spoolSegmentBytes", (long) TributaryConfig.DEFAULT_SPOOL_SEGMENT_BYTES),
        Map.entry("overflowPolicy", TributaryConfig.DEFAULT_OVERFLOW_POLICY.name()),
        Map.entry("maxBlockTime", TributaryConfig.DEFAULT_MAX_BLOCK_TIME),
        Map.entry("deliveryTimeout", TributaryConfig.DEFAULT_DELIVERY_TIMEOUT),
        Map.entry("linger", TributaryConfig.DEFAULT_LINGER),
        Map.entry("retryBackoff", TributaryConfig.DEFAULT_RETRY_BACKOFF),
        Map.entry("retryBackoffMax", TributaryConfig.DEFAULT_RETRY_BACKOFF_MAX),
        Map.entry("spoolSyncInterval", TributaryConfig.DEFAULT_SPOOL_SYNC_INTERVAL),
        Map.entry("destinationMode", TributaryConfig.DEFAULT_DESTINATION_MODE.name()),
        Map.entry("failoverAfter", TributaryConfig.DEFAULT_FAILOVER_AFTER),
        Map.entry("failbackAfter", TributaryConfig.DEFAULT_FAILBACK_AFTER)));
    expected.forEach((setting, value) -> {
      String cell = documented.get(setting);
      Object actual = value instanceof Duration ? duration(cell)
          : value instanceof Long ? (Object) Long.parseLong(ReadmeReference.firstCode(cell))
          : ReadmeReference.firstCode(cell);
      assertThat(actual).as("README default of %s: %s", setting, cell).isEqualTo(value);
    });
  }

  @Test
  void kafkaDefaultsAreTheValuesTheTransportSets() throws Exception {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092").build();
    Map<String, Object> set = kafkaProperties(config);
    Map<String, String> documented = ReadmeReference.defaults("Kafka producer properties");
    for (String key : set.keySet()) {
      if (Set.of("bootstrap.servers", "client.id", "key.serializer", "value.serializer")
          .contains(key)) {
        continue; // from the destination, the clientId, or fixed classes: no number to check
      }
      assertThat(documented.get(key)).as("README value of %s", key)
          .contains("`" + set.get(key) + "`");
    }
  }

  @Test
  void httpDefaultsAreTheConstants() throws Exception {
    Map<String, String> documented = ReadmeReference.defaults("HTTP proxy properties");
    assertThat(ReadmeReference.firstCode(documented.get(HttpKeys.CONNECT_TIMEOUT_MS)))
        .isEqualTo(String.valueOf(HttpKeys.DEFAULT_CONNECT_MS));
    assertThat(ReadmeReference.firstCode(documented.get(HttpKeys.CALL_TIMEOUT_MS)))
        .isEqualTo(String.valueOf(HttpKeys.DEFAULT_CALL_MS));
    assertThat(ReadmeReference.firstCode(documented.get("pixy.max.in.flight")))
        .isEqualTo(String.valueOf(constant("dev.tributary.internal.pixy.PixySettings",
            "DEFAULT_MAX_IN_FLIGHT")));
    assertThat(ReadmeReference.firstCode(documented.get("rest.max.in.flight")))
        .isEqualTo(String.valueOf(constant("dev.tributary.internal.rest.RestSettings",
            "DEFAULT_MAX_IN_FLIGHT")));
  }

  /** {@code 5 ms}, {@code 1 s}, {@code 5 min} at the start of a default cell. */
  private static Duration duration(String cell) {
    Matcher m = Pattern.compile("(\\d+) (ms|s|min)\\b.*").matcher(cell);
    assertThat(m.matches()).as("a duration such as '5 ms' in '%s'", cell).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static Object constant(String className, String field) throws Exception {
    Field f = Class.forName(className).getDeclaredField(field);
    f.setAccessible(true);
    return f.get(null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> kafkaProperties(TributaryConfig config) throws Exception {
    Method properties = Class.forName("dev.tributary.internal.kafka.KafkaTransportProvider")
        .getDeclaredMethod("properties", Destination.class, TributaryConfig.class);
    properties.setAccessible(true);
    return (Map<String, Object>) properties.invoke(null, config.destination(), config);
  }

  /** The values of {@code c}'s static String constants that look like property keys. */
  private static Set<String> keyConstants(Class<?> c) throws IllegalAccessException {
    Set<String> keys = new TreeSet<>();
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        String value = (String) f.get(null);
        if (Arrays.stream(new String[] {"http.", "pixy.", "rest."}).anyMatch(value::startsWith)) {
          keys.add(value);
        }
      }
    }
    return keys;
  }
}

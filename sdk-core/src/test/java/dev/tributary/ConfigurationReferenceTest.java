package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.http.HttpKeys;
import dev.tributary.spi.Destination;
import dev.tributary.testkit.ReadmeReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every setting the producer API and the transports in sdk-core accept is named in the README's
 * configuration reference: a new builder method or property key fails this test until it is
 * documented there.
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
    Method properties = Class.forName("dev.tributary.internal.kafka.KafkaTransportProvider")
        .getDeclaredMethod("properties", Destination.class, TributaryConfig.class);
    properties.setAccessible(true);
    @SuppressWarnings("unchecked")
    Map<String, Object> set = (Map<String, Object>) properties.invoke(null,
        config.destination(), config);
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

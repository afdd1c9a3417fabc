package dev.tributary.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.ReadmeReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every producer property the gRPC transport reads (each is a constant of
 * {@link PixyGrpcProperties}) is named in the README's configuration reference, with its
 * default.
 */
class ConfigurationReferenceTest {

  @Test
  void everyGrpcPropertyIsInTheGrpcTable() throws IllegalAccessException {
    Set<String> keys = new TreeSet<>();
    for (Field f : PixyGrpcProperties.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        keys.add((String) f.get(null));
      }
    }
    assertThat(keys).contains(PixyGrpcProperties.DEADLINE_MS, PixyGrpcProperties.CLUSTER);
    Set<String> documented = ReadmeReference.names("gRPC properties");
    for (String key : keys) {
      if (key.endsWith(".")) {
        // A prefix: documented by a row for its keys, e.g. grpc.metadata.<name>.
        assertThat(documented).anyMatch(name -> name.startsWith(key));
      } else {
        assertThat(documented).contains(key);
      }
    }
  }

  @Test
  void grpcDefaultsAreTheConstants() {
    Map<String, String> documented = ReadmeReference.defaults("gRPC properties");
    Map<String, Long> defaults = Map.of(
        PixyGrpcProperties.DEADLINE_MS, PixyGrpcProperties.DEFAULT_DEADLINE_MS,
        PixyGrpcProperties.MAX_IN_FLIGHT, (long) PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT,
        PixyGrpcProperties.MAX_IN_FLIGHT_BYTES, PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT_BYTES,
        PixyGrpcProperties.KEEPALIVE_MS, PixyGrpcProperties.DEFAULT_KEEPALIVE_MS);
    defaults.forEach((key, value) -> assertThat(
        Long.parseLong(ReadmeReference.firstCode(documented.get(key))))
        .as("README default of %s", key).isEqualTo(value));
  }
}

package dev.tributary.internal.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import org.junit.jupiter.api.Test;

/** Producer properties Tributary itself reads are checked with a message naming them. */
class KafkaTransportProviderTest {
  @Test
  void aLingerThatIsNotANumberNamesTheSetting() {
    TributaryConfig.Builder config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .producerProperty("linger.ms", "soon");
    assertThatThrownBy(config::build)
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'producerProperty.linger.ms'")
        .hasMessageContaining("soon")
        .hasMessageContaining("whole number of milliseconds");
  }
}

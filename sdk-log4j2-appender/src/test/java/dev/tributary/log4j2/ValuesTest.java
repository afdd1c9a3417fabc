package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void parsesSizesInLogbackAndLog4j2Spellings() {
    assertThat(Values.size("s", "32MB", 0)).isEqualTo(32L << 20);
    assertThat(Values.size("s", "512 kb", 0)).isEqualTo(512L << 10);
    assertThat(Values.size("s", "1GiB", 0)).isEqualTo(1L << 30);
    assertThat(Values.size("s", "4096", 0)).isEqualTo(4096);
    assertThat(Values.size("s", " ", 7)).isEqualTo(7);
  }

  @Test
  void parsesDurationsShortLongAndIso() {
    assertThat(Values.duration("d", "500ms", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(Values.duration("d", "5 seconds", null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Values.duration("d", "2m", null)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Values.duration("d", "1h", null)).isEqualTo(Duration.ofHours(1));
    assertThat(Values.duration("d", "PT1.5S", null)).isEqualTo(Duration.ofMillis(1500));
    assertThat(Values.duration("d", "250", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(Values.duration("d", null, Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void badValuesNameTheSettingTheValueAndTheForms() {
    assertThatThrownBy(() -> Values.size("bufferSize", "32 parsecs", 0))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'bufferSize'").hasMessageContaining("'32 parsecs'")
        .hasMessageContaining("32MB");
    assertThatThrownBy(() -> Values.size("bufferSize", "99999999999GB", 0))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Values.duration("linger", "soon", null))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'linger'").hasMessageContaining("5s");
    assertThatThrownBy(() -> Values.duration("linger", "PTX", null))
        .hasMessageContaining("'linger'");
    assertThatThrownBy(() -> Values.bool("jmx", "yes", true)).hasMessageContaining("'jmx'");
    assertThatThrownBy(() -> Values.nonNegativeInt("depth", "-1", 0))
        .hasMessageContaining("'depth'");
  }

  @Test
  void defaultClientIdIsSafeForKafkaAndJmx() {
    assertThat(TributaryAppenderBuilder.defaultClientId("KAFKA")).isEqualTo("log4j2-KAFKA");
    assertThat(TributaryAppenderBuilder.defaultClientId("my appender/1"))
        .isEqualTo("log4j2-my_appender_1");
  }
}

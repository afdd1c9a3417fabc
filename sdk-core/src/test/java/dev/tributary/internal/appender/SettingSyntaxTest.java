package dev.tributary.internal.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one syntax of both appenders' sizes, durations and other text settings. */
class SettingSyntaxTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "4096, 4096", "4096B, 4096", "512KB, 524288", "512 kb, 524288", "512k, 524288",
      "512KiB, 524288", "32MB, 33554432", "32m, 33554432", "32MiB, 33554432",
      "1GB, 1073741824", "1 GiB, 1073741824", "2g, 2147483648", "10 MBs, 10485760"})
  void sizesInEitherAppendersFormerSpellings(String text, long bytes) {
    assertThat(SettingSyntax.size("bufferSize", text)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "250, PT0.25S", "500ms, PT0.5S", "500 milliseconds, PT0.5S", "1 millisecond, PT0.001S",
      "2 millis, PT0.002S", "5s, PT5S", "5 sec, PT5S", "5 seconds, PT5S", "1 second, PT1S",
      "1.5 seconds, PT1.5S", "0.25s, PT0.25S", ".5s, PT0.5S", "2m, PT2M", "2 min, PT2M",
      "2 minutes, PT2M", "1h, PT1H", "1 hour, PT1H", "3 hours, PT3H", "1d, PT24H",
      "2 days, PT48H", "PT5S, PT5S", "pt0.02s, PT0.02S", "P1D, PT24H", "0, PT0S",
      "5 SECONDS, PT5S", "3 secondes, PT3S"})
  void durationsInEitherAppendersFormerSpellings(String text, Duration expected) {
    assertThat(SettingSyntax.duration("linger", text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"PT-1S", "-PT1S", "-5s", "soon", "5 fortnights", "PTX", "1.5.2s",
      "5s 2ms", ""})
  void negativeOrMalformedDurationsNameTheSettingTheValueAndTheForms(String text) {
    assertThatThrownBy(() -> SettingSyntax.duration("closeTimeout", text))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'closeTimeout'").hasMessageContaining("'" + text + "'")
        .hasMessageContaining("500ms, 5s, 2m");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"32 parsecs", "-1MB", "1.5GB", "MB", "5s"})
  void malformedSizesNameTheSettingTheValueAndTheForms(String text) {
    assertThatThrownBy(() -> SettingSyntax.size("bufferSize", text))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'bufferSize'").hasMessageContaining("'" + text + "'")
        .hasMessageContaining("32MB");
  }

  @org.junit.jupiter.api.Test
  void tooLargeValuesSaySo() {
    assertThatThrownBy(() -> SettingSyntax.size("bufferSize", "99999999999GB"))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> SettingSyntax.duration("linger", "999999999999999 days"))
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> SettingSyntax.intSize("maxRecordSize", "2GB"))
        .hasMessageContaining("'maxRecordSize'").hasMessageContaining("below 2GB");
    assertThat(SettingSyntax.intSize("maxRecordSize", "1GB")).isEqualTo(1 << 30);
  }

  @org.junit.jupiter.api.Test
  void booleansCountsEnumsAndPairs() {
    assertThat(SettingSyntax.bool("jmx", " TRUE ")).isTrue();
    assertThat(SettingSyntax.bool("jmx", "false")).isFalse();
    assertThatThrownBy(() -> SettingSyntax.bool("jmx", "yes")).hasMessageContaining("'jmx'")
        .hasMessageContaining("true or false");
    assertThat(SettingSyntax.nonNegativeInt("depth", "12")).isEqualTo(12);
    assertThatThrownBy(() -> SettingSyntax.nonNegativeInt("depth", "-1"))
        .hasMessageContaining("'depth'");
    assertThat(SettingSyntax.enumValue("overflowPolicy", "drop-oldest", OverflowPolicy.class))
        .isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThatThrownBy(() -> SettingSyntax.enumValue("overflowPolicy", "DROP_ALL",
        OverflowPolicy.class)).hasMessageContaining("one of DROP_NEWEST, DROP_OLDEST");
    assertThat(SettingSyntax.pair("producerProperty", " sasl.jaas.config = a=b c=d "))
        .isEqualTo(Map.entry("sasl.jaas.config", "a=b c=d"));
    assertThatThrownBy(() -> SettingSyntax.pair("header", "=x")).hasMessageContaining("'header'");
    assertThatThrownBy(() -> SettingSyntax.required("topic", " ", "app-logs"))
        .hasMessageContaining("'topic'").hasMessageContaining("required, e.g. app-logs");
  }
}

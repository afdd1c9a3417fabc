package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.logback.Settings;
import dev.tributary.testkit.ReadmeReference;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every XML setting of the appender and of {@link JsonEncoder} (each public {@code set…} or
 * {@code add…} method Tributary declares, which Joran maps to an element) is named in the
 * README's configuration reference, with the default the code uses.
 */
class ConfigurationReferenceTest {

  @Test
  void everyAppenderSettingIsInTheLogbackAppenderTable() {
    Set<String> settings = xmlSettings(TributaryAppender.class);
    assertThat(settings).contains("destination", "topic", "producerProperty", "appender-ref");
    assertThat(ReadmeReference.names("Logback: `TributaryAppender`")).containsAll(settings)
        .doesNotContain("noSuchSetting");
  }

  @Test
  void everyEncoderSettingIsInTheJsonEncoderTable() {
    Set<String> settings = xmlSettings(JsonEncoder.class);
    assertThat(settings).contains("field", "maxStackTraceLength", "timeZone");
    assertThat(ReadmeReference.names("Logback: `JsonEncoder`")).containsAll(settings);
  }

  @Test
  void appenderDefaultsAreTheConstantsInLogbackSyntax() {
    Map<String, String> documented = ReadmeReference.defaults("Logback: `TributaryAppender`");
    Map<String, Long> sizes = Map.of(
        "bufferSize", TributaryConfig.DEFAULT_BUFFER_BYTES,
        "maxRecordSize", (long) TributaryConfig.DEFAULT_MAX_RECORD_BYTES,
        "spoolMaxSize", TributaryConfig.DEFAULT_SPOOL_MAX_BYTES,
        "spoolSegmentSize", (long) TributaryConfig.DEFAULT_SPOOL_SEGMENT_BYTES);
    sizes.forEach((setting, bytes) -> assertThat(
        Settings.size(setting, ReadmeReference.firstCode(documented.get(setting))))
        .as("README default of %s", setting).isEqualTo(bytes));
    Map<String, Duration> durations = Map.of(
        "maxBlockTime", TributaryConfig.DEFAULT_MAX_BLOCK_TIME,
        "deliveryTimeout", TributaryConfig.DEFAULT_DELIVERY_TIMEOUT,
        "linger", TributaryConfig.DEFAULT_LINGER,
        "spoolSync", TributaryConfig.DEFAULT_SPOOL_SYNC_INTERVAL,
        "closeTimeout", AppenderSettings.DEFAULT_CLOSE_TIMEOUT,
        "failoverAfter", TributaryConfig.DEFAULT_FAILOVER_AFTER,
        "failbackAfter", TributaryConfig.DEFAULT_FAILBACK_AFTER);
    durations.forEach((setting, duration) -> assertThat(
        Settings.duration(setting, ReadmeReference.firstCode(documented.get(setting))))
        .as("README default of %s", setting).isEqualTo(duration));
    assertThat(ReadmeReference.firstCode(documented.get("overflowPolicy")))
        .isEqualTo(TributaryConfig.DEFAULT_OVERFLOW_POLICY.name());
    assertThat(ReadmeReference.firstCode(documented.get("destinationMode")))
        .isEqualToIgnoringCase(TributaryConfig.DEFAULT_DESTINATION_MODE.name());
    assertThat(ReadmeReference.firstCode(ReadmeReference.defaults("Logback: `JsonEncoder`")
        .get("maxStackTraceLength")))
        .isEqualTo(String.valueOf(JsonEncoder.DEFAULT_MAX_STACK_TRACE_LENGTH));
  }

  /** The element names of {@code type}'s Tributary-declared setters and adders. */
  private static Set<String> xmlSettings(Class<?> type) {
    Set<String> names = new TreeSet<>();
    for (Method m : type.getMethods()) {
      String name = m.getName();
      boolean ours = m.getDeclaringClass().getPackageName().startsWith("dev.tributary");
      if (ours && m.getParameterCount() == 1
          && (name.startsWith("set") || name.startsWith("add"))) {
        String property = Introspector.decapitalize(name.substring(3));
        // AppenderAttachable.addAppender is what Joran calls for a nested <appender-ref>.
        names.add(property.equals("appender") ? "appender-ref" : property);
      }
    }
    return names;
  }
}

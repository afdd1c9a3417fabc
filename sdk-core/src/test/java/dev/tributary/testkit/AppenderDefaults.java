package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DestinationMode;
import dev.tributary.TributaryConfig;
import dev.tributary.internal.appender.SettingSyntax;
import java.time.Duration;
import java.util.Map;

/**
 * Checks an appender's table in the README's configuration reference against the code: the
 * defaults of the settings both appenders share, read with the syntax both parse.
 */
public final class AppenderDefaults {
  private AppenderDefaults() {}

  /**
   * @param subsection the README heading of the appender's table
   * @param closeTimeout the appender's default close timeout
   * @param jsonSubsection the README heading of the appender's JSON encoder or layout
   * @param maxStackTraceLength the JSON's default cap on {@code stack_trace}
   */
  public static void assertDocumented(String subsection, Duration closeTimeout,
      String jsonSubsection, int maxStackTraceLength) {
    Map<String, String> documented = ReadmeReference.defaults(subsection);
    Map<String, Long> sizes = Map.of(
        "bufferSize", TributaryConfig.DEFAULT_BUFFER_BYTES,
        "maxRecordSize", (long) TributaryConfig.DEFAULT_MAX_RECORD_BYTES,
        "spoolMaxSize", TributaryConfig.DEFAULT_SPOOL_MAX_BYTES,
        "spoolSegmentSize", (long) TributaryConfig.DEFAULT_SPOOL_SEGMENT_BYTES);
    sizes.forEach((setting, bytes) -> assertThat(
        SettingSyntax.size(setting, ReadmeReference.firstCode(documented.get(setting))))
        .as("README default of %s", setting).isEqualTo(bytes));
    Map<String, Duration> durations = Map.of(
        "maxBlockTime", TributaryConfig.DEFAULT_MAX_BLOCK_TIME,
        "deliveryTimeout", TributaryConfig.DEFAULT_DELIVERY_TIMEOUT,
        "linger", TributaryConfig.DEFAULT_LINGER,
        "spoolSync", TributaryConfig.DEFAULT_SPOOL_SYNC_INTERVAL,
        "closeTimeout", closeTimeout,
        "failoverAfter", TributaryConfig.DEFAULT_FAILOVER_AFTER,
        "failbackAfter", TributaryConfig.DEFAULT_FAILBACK_AFTER);
    durations.forEach((setting, duration) -> assertThat(
        SettingSyntax.duration(setting, ReadmeReference.firstCode(documented.get(setting))))
        .as("README default of %s", setting).isEqualTo(duration));
    assertThat(ReadmeReference.firstCode(documented.get("overflowPolicy")))
        .isEqualTo(TributaryConfig.DEFAULT_OVERFLOW_POLICY.name());
    assertThat(SettingSyntax.enumValue("destinationMode",
        ReadmeReference.firstCode(documented.get("destinationMode")), DestinationMode.class))
        .isEqualTo(TributaryConfig.DEFAULT_DESTINATION_MODE);
    assertThat(ReadmeReference.firstCode(ReadmeReference.defaults(jsonSubsection)
        .get("maxStackTraceLength"))).isEqualTo(String.valueOf(maxStackTraceLength));
  }
}

package dev.tributary.internal.appender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DestinationMode;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.spi.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The appenders' text settings become one config, one record shape and a close timeout. */
class SettingsTextTest {

  private static SettingsText kafka() {
    return new SettingsText("logback").destination("kafka://127.0.0.1:9092").topic("app-logs");
  }

  @Test
  void unsetSettingsTakeTheDefaults() {
    SettingsText s = kafka();
    TributaryConfig c = s.toConfig("KAFKA", Diagnostics.none());

    assertThat(c.bufferBytes()).isEqualTo(TributaryConfig.DEFAULT_BUFFER_BYTES);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
    assertThat(c.jmxEnabled()).isTrue();
    assertThat(c.clientId()).isEqualTo("logback-KAFKA");
    assertThat(s.closeTimeout()).isEqualTo(SettingsText.DEFAULT_CLOSE_TIMEOUT);
    assertThat(s.toShape().topic()).isEqualTo("app-logs");
  }

  @Test
  void everySettingReachesTheConfig() {
    SettingsText s = kafka().bufferSize("64MB").maxRecordSize("512KB")
        .overflowPolicy("drop-oldest").maxBlockTime("250ms").deliveryTimeout("2m")
        .linger("20 milliseconds").closeTimeout("3s").clientId(" orders ").jmx("false")
        .spoolDir("/var/spool/orders").spoolMaxSize("2GB").spoolSegmentSize("8MB")
        .spoolSync("never").producerPropertyText("producerProperty", "retries=3")
        .producerProperty("compression.type", "zstd");

    TributaryConfig c = s.toConfig("KAFKA", Diagnostics.none());

    assertThat(c.bufferBytes()).isEqualTo(64L << 20);
    assertThat(c.maxRecordBytes()).isEqualTo(512 << 10);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(c.maxBlockTime()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.clientId()).isEqualTo("orders");
    assertThat(c.jmxEnabled()).isFalse();
    assertThat(c.spoolMaxBytes()).isEqualTo(2L << 30);
    assertThat(c.spoolSegmentBytes()).isEqualTo(8 << 20);
    assertThat(c.spoolSyncInterval()).isEqualTo(TributaryConfig.SPOOL_SYNC_NEVER);
    assertThat(c.producerProperties()).containsEntry("retries", "3")
        .containsEntry("compression.type", "zstd");
    assertThat(s.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(kafka().spoolDir("/tmp/s").spoolSync("always").toConfig("K", Diagnostics.none())
        .spoolSyncInterval()).isZero();
  }

  @Test
  void standbysAndTheirSettingsReachTheConfigInBothAppendersForms() {
    SettingsText s = kafka().producerProperty("acks", "1")
        .standby(new StandbyText("standbyDestination").destination(" kafka://cloud:9092 ")
            .name("cloud").producerPropertyText("security.protocol=SASL_SSL"))
        .standby(new StandbyText("StandbyDestination").destination("pixy+http://dr:19092")
            .producerProperty("pixy.async", "true"))
        .destinationMode("mirror").failoverAfter("10 seconds").failbackAfter("2m")
        .destinationHeader(" tributary.destination ");

    TributaryConfig c = s.toConfig("KAFKA", Diagnostics.none());

    assertThat(c.standbys()).extracting(x -> x.name() + "=" + x.destination().uri())
        .containsExactly("cloud=kafka://cloud:9092", "standby-2=pixy+http://dr:19092");
    assertThat(c.standbys().get(0).producerProperties())
        .containsExactly(Map.entry("security.protocol", "SASL_SSL"));
    assertThat(c.standbys().get(1).producerProperties())
        .containsExactly(Map.entry("pixy.async", "true"));
    assertThat(c.producerProperties()).containsEntry("acks", "1")
        .doesNotContainKey("security.protocol");
    assertThat(c.destinationMode()).isEqualTo(DestinationMode.MIRROR);
    assertThat(c.failoverAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.failbackAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.destinationHeader()).isEqualTo("tributary.destination");
    TributaryConfig defaults = kafka().standby(new StandbyText("standbyDestination")
        .destination("kafka://cloud:9092")).toConfig("K", Diagnostics.none());
    assertThat(defaults.destinationMode()).isEqualTo(TributaryConfig.DEFAULT_DESTINATION_MODE);
    assertThat(defaults.failoverAfter()).isEqualTo(TributaryConfig.DEFAULT_FAILOVER_AFTER);
    assertThat(defaults.failbackAfter()).isEqualTo(TributaryConfig.DEFAULT_FAILBACK_AFTER);
    assertThat(defaults.destinationHeader()).isNull();
  }

  @Test
  void standbyErrorsNameTheSettingAsWritten() {
    assertThatThrownBy(() -> kafka().standby(new StandbyText("StandbyDestination").name("dr"))
        .toConfig("K", Diagnostics.none()))
        .hasMessageContaining("'StandbyDestination.destination'")
        .hasMessageContaining("each <StandbyDestination> needs a destination");
    assertThatThrownBy(() -> kafka().standby(new StandbyText("standbyDestination")
        .destination("kafka://cloud:9092").producerPropertyText("novalue"))
        .toConfig("K", Diagnostics.none()))
        .hasMessageContaining("'standbyDestination.producerProperty'");
    assertThatThrownBy(() -> kafka().destinationMode("sideways").toConfig("K",
        Diagnostics.none())).hasMessageContaining("'destinationMode'");
    assertThatThrownBy(() -> kafka().failbackAfter("soon").toConfig("K", Diagnostics.none()))
        .hasMessageContaining("'failbackAfter'");
    assertThatThrownBy(() -> kafka().deliveryTimeout("1m").failoverAfter("2 minutes")
        .standby(new StandbyText("standbyDestination").destination("kafka://cloud:9092"))
        .toConfig("K", Diagnostics.none()))
        .hasMessageStartingWith("Invalid value '2 minutes' for setting 'failoverAfter': ")
        .hasMessageContaining("shorter than deliveryTimeout");
  }

  @Test
  void errorsNameTheSettingAndTheTextTheUserWrote() {
    assertThatThrownBy(() -> kafka().bufferSize("10").toConfig("K", Diagnostics.none()))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageStartingWith("Invalid value '10' for setting 'bufferSize': ")
        .hasMessageContaining("at least 1024");
    assertThatThrownBy(() -> kafka().bufferSize("1MB").maxRecordSize("2MB")
        .toConfig("K", Diagnostics.none()))
        .hasMessageStartingWith("Invalid value '2MB' for setting 'maxRecordSize': ");
    assertThatThrownBy(() -> kafka().spoolDir("/tmp/s").spoolMaxSize("1MB")
        .spoolSegmentSize("4MB").toConfig("K", Diagnostics.none()))
        .hasMessageStartingWith("Invalid value '4MB' for setting 'spoolSegmentSize': ");
    assertThatThrownBy(() -> kafka().linger("2 hours").toConfig("K", Diagnostics.none()))
        .hasMessageStartingWith("Invalid value '2 hours' for setting 'linger': ");
    assertThatThrownBy(() -> kafka().closeTimeout("PT-1S").closeTimeout())
        .hasMessageContaining("'closeTimeout'");
    assertThatThrownBy(() -> new SettingsText("log4j2").topic("t").toConfig("K",
        Diagnostics.none())).hasMessageContaining("'destination'").hasMessageContaining("required");
    assertThatThrownBy(() -> kafka().topic("a topic!").toShape()).hasMessageContaining("'topic'");
    assertThatThrownBy(() -> kafka().headerText("header", "novalue").toShape())
        .hasMessageContaining("'header'");
    assertThatThrownBy(() -> kafka().defaultHeaders("yes").toShape())
        .hasMessageContaining("'defaultHeaders'");
  }

  @Test
  void theShapeCarriesKeyDefaultAndStaticHeaders() {
    RecordShape shape = kafka().keyStrategy("mdc:tenant").header("service", "checkout")
        .headerText("header", "env=prod").toShape();
    FakeEvent event = FakeEvent.info("com.acme.Pay", "paid").at("WARN", 30_000)
        .with(Map.of("tenant", "t-42", "traceId", "abc", "span_id", "def"), java.util.List.of());

    var record = shape.record(event, FakeEvent.VIEW, new byte[] {'{', '}'});

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("t-42");
    assertThat(record.timestampMs()).isEqualTo(1_795_324_995_123L);
    assertThat(record.headers().stream().collect(Collectors.toMap(h -> h.key(),
        h -> new String(h.value(), StandardCharsets.UTF_8)))).containsExactlyInAnyOrderEntriesOf(
            Map.of("level", "WARN", "logger", "com.acme.Pay", "trace_id", "abc",
                "span_id", "def", "service", "checkout", "env", "prod"));
    assertThat(kafka().defaultHeaders("false").toShape().record(event, FakeEvent.VIEW,
        new byte[] {1}).headers()).isEmpty();
  }

  @Test
  void defaultClientIdsNameTheFrameworkAndTheAppender() {
    assertThat(new SettingsText("log4j2").defaultClientId("KAFKA")).isEqualTo("log4j2-KAFKA");
    assertThat(new SettingsText("log4j2").defaultClientId("my appender/1"))
        .isEqualTo("log4j2-my_appender_1");
    assertThat(new SettingsText("logback").defaultClientId(null)).isEqualTo("logback");
    assertThat(new SettingsText("logback").defaultClientId("x".repeat(200))).hasSize(100);
  }
}

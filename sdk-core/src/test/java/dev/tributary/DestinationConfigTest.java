package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.spi.Diagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of standby destinations: names, per-destination properties, the configs each
 * transport is made from, and a clear error for each bad value.
 */
class DestinationConfigTest {
  private static TributaryConfig.Builder valid() {
    return TributaryConfig.builder("kafka://onprem:9092").diagnostics(Diagnostics.none());
  }

  @Test
  void standbysAreNamedByPositionUnlessNamedAndKeepTheirOwnProperties() {
    TributaryConfig c = valid().producerProperty("sasl.jaas.config", "primary-secret-jaas")
        .standby("kafka://cloud:9092")
        .standby(StandbyDestination.builder("pixy+http://edge:19092").name("edge")
            .producerProperty("http.auth.bearer", "edge-token-123").build())
        .build();
    assertThat(c.destinationMode()).isEqualTo(DestinationMode.FAILOVER);
    assertThat(c.failoverAfter()).isEqualTo(TributaryConfig.DEFAULT_FAILOVER_AFTER);
    assertThat(c.failbackAfter()).isEqualTo(TributaryConfig.DEFAULT_FAILBACK_AFTER);
    assertThat(c.standbys()).extracting(StandbyDestination::name)
        .containsExactly("standby-1", "edge");
    List<TributaryConfig> each = c.destinationConfigs();
    assertThat(each).extracting(TributaryConfig::destinationName)
        .containsExactly("primary", "standby-1", "edge");
    assertThat(each.get(0).producerProperties()).containsKey("sasl.jaas.config");
    assertThat(each.get(1).producerProperties()).isEmpty();
    assertThat(each.get(2).producerProperties())
        .isEqualTo(Map.of("http.auth.bearer", "edge-token-123"));
    assertThat(each).extracting(TributaryConfig::clientId).containsExactly(c.clientId(),
        c.clientId() + "-standby-1", c.clientId() + "-edge");
    assertThat(each).allSatisfy(d -> assertThat(d.standbys()).isEmpty());
    // Failover shares one buffer: each transport's config keeps the whole of it.
    assertThat(each).allSatisfy(d -> assertThat(d.bufferBytes()).isEqualTo(c.bufferBytes()));
    assertThat(c.toString()).contains("standby-1=kafka://cloud:9092", "edge=pixy+http://edge")
        .doesNotContain("edge-token-123", "primary-secret-jaas");
    assertThat(c.toBuilder().build().standbys()).hasSize(2);
  }

  @Test
  void mirrorModeSplitsTheBufferAndTheSpoolAndNeverBlocksForAStandby() {
    TributaryConfig c = valid().standby("kafka://cloud:9092")
        .destinationMode(DestinationMode.MIRROR).bufferBytes(64L << 20)
        .overflowPolicy(OverflowPolicy.BLOCK).spoolDir(Path.of("/tmp/spool-x")).build();
    List<TributaryConfig> each = c.destinationConfigs();
    assertThat(each).extracting(TributaryConfig::bufferBytes).containsOnly(32L << 20);
    assertThat(each).extracting(TributaryConfig::spoolMaxBytes)
        .containsOnly(TributaryConfig.DEFAULT_SPOOL_MAX_BYTES / 2);
    assertThat(each).extracting(TributaryConfig::spoolDir)
        .containsExactly(Path.of("/tmp/spool-x"), Path.of("/tmp/spool-x/standby-1"));
    assertThat(each).extracting(TributaryConfig::overflowPolicy)
        .containsExactly(OverflowPolicy.BLOCK, OverflowPolicy.DROP_NEWEST);
  }

  @Test
  void badValuesNameTheSettingTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> StandbyDestination.builder("cloud:9092"))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'standbyDestination'").hasMessageContaining("missing scheme");
    assertThatThrownBy(() -> StandbyDestination.builder("kafka://user:pw@cloud:9092"))
        .hasMessageContaining("'standbyDestination'").hasMessageNotContaining("pw@");
    assertThatThrownBy(() -> StandbyDestination.builder("kafka://c:9092").name("primary"))
        .hasMessageContaining("'standbyDestination.name'").hasMessageContaining("not 'primary'");
    assertThatThrownBy(() -> StandbyDestination.builder("kafka://c:9092").name("a b"))
        .hasMessageContaining("'standbyDestination.name'");
    assertThatThrownBy(() -> valid()
        .standby(StandbyDestination.builder("kafka://a:9092").name("dr").build())
        .standby(StandbyDestination.builder("kafka://b:9092").name("dr").build()).build())
        .hasMessageContaining("'standbyDestination.name'").hasMessageContaining("of its own");
    assertThatThrownBy(() -> valid().standby("nosuch://cloud:1").build())
        .hasMessageContaining("unknown scheme 'nosuch'");
    assertThatThrownBy(() -> valid().standby(StandbyDestination.builder("kafka://cloud:9092")
        .producerProperty("bootstrap.servers", "x:1").build()).build())
        .hasMessageContaining("'producerProperty.bootstrap.servers'");
    assertThatThrownBy(() -> valid().failoverAfter(Duration.ZERO))
        .hasMessageContaining("'failoverAfter'").hasMessageContaining("positive");
    assertThatThrownBy(() -> valid().failbackAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("'failbackAfter'");
    assertThatThrownBy(() -> valid().standby("kafka://cloud:9092")
        .deliveryTimeout(Duration.ofSeconds(20)).failoverAfter(Duration.ofSeconds(30)).build())
        .hasMessageContaining("'failoverAfter'").hasMessageContaining("deliveryTimeout (PT20S)");
    assertThatThrownBy(() -> valid().standby("kafka://cloud:9092")
        .destinationMode(DestinationMode.MIRROR).bufferBytes(1500).maxRecordBytes(1000).build())
        .hasMessageContaining("'bufferBytes'").hasMessageContaining("equal share");
    assertThatThrownBy(() -> valid().destinationHeader(" "))
        .hasMessageContaining("'destinationHeader'");
  }

  @Test
  void withoutStandbysTheOneDestinationIsThePrimary() {
    TributaryConfig c = valid().destinationMode(DestinationMode.MIRROR).build();
    assertThat(c.destinationConfigs()).containsExactly(c);
    assertThat(c.destinationName()).isEqualTo("primary");
    assertThat(c.destinationHeader()).isNull();
  }
}

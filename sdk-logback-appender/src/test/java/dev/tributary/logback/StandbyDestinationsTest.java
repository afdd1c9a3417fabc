package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.DestinationMode;
import dev.tributary.StandbyDestination;
import dev.tributary.TributaryConfig;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code <standbyDestination>} and the failover settings map onto the core config. */
class StandbyDestinationsTest {

  @Test
  void standbyDestinationsAndTheirSettingsMapOntoTheConfig() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://onprem:9092", "logs", "INFO", """
            <producerProperty>sasl.jaas.config=primary-jaas</producerProperty>
            <standbyDestination>
              <destination>kafka://cloud:9092</destination>
              <name>cloud</name>
              <producerProperty>ssl.key.password=cloud-pa55</producerProperty>
            </standbyDestination>
            <standbyDestination>
              <destination>pixy+http://edge:19092</destination>
            </standbyDestination>
            <destinationMode>mirror</destinationMode>
            <failoverAfter>10 seconds</failoverAfter>
            <failbackAfter>2 minutes</failbackAfter>
            <destinationHeader>tributary.destination</destinationHeader>
            """));
    try {
      TributaryAppender a = LogbackTesting.appender(ctx);
      assertThat(a.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
      TributaryConfig c = a.toConfig(Diagnostics.none());
      assertThat(c.standbys()).extracting(StandbyDestination::name)
          .containsExactly("cloud", "standby-2");
      assertThat(c.standbys().get(0).producerProperties())
          .isEqualTo(Map.of("ssl.key.password", "cloud-pa55"));
      assertThat(c.standbys().get(1).destination().uri()).isEqualTo("pixy+http://edge:19092");
      assertThat(c.destinationMode()).isEqualTo(DestinationMode.MIRROR);
      assertThat(c.failoverAfter()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.failbackAfter()).isEqualTo(Duration.ofMinutes(2));
      assertThat(c.destinationHeader()).isEqualTo("tributary.destination");
      assertThat(c.destinationConfigs().get(1).producerProperties())
          .doesNotContainKey("sasl.jaas.config");
    } finally {
      ctx.stop();
    }
  }

  @Test
  void aStandbyWithoutADestinationOrABadModeKeepsTheAppenderStoppedAndSaysWhy() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://onprem:9092", "logs", "INFO", """
            <standbyDestination><name>cloud</name></standbyDestination>
            """));
    try {
      assertThat(LogbackTesting.appender(ctx).isStarted()).isFalse();
      assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).anySatisfy(s -> assertThat(s)
          .contains("'standbyDestination.destination'").contains("needs a destination"));
    } finally {
      ctx.stop();
    }
    TributaryAppender a = new TributaryAppender();
    a.setName("KAFKA");
    a.setDestination("kafka://onprem:9092");
    a.setDestinationMode("sideways");
    assertThatThrownBy(() -> a.toConfig(Diagnostics.none()))
        .hasMessageContaining("'destinationMode'").hasMessageContaining("one of FAILOVER, MIRROR");
    a.setDestinationMode("failover");
    a.setFailoverAfter("soon");
    assertThatThrownBy(() -> a.toConfig(Diagnostics.none()))
        .hasMessageContaining("'failoverAfter'");
  }
}

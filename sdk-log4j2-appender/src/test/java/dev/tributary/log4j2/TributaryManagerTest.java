package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.CaptureTransportProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** The producer outlives configuration reloads that keep its settings. */
class TributaryManagerTest {

  @Test
  void aReloadKeepsTheManagerAndItsProducer() {
    String sink = "manager-" + System.nanoTime();
    LoggerContext ctx = TestLogging.start("reload", "capture-basic.xml",
        Map.of("test.sink", sink));
    try {
      TributaryManager before = TestLogging.appender(ctx, "KAFKA").manager();
      int opened = TributaryManager.PRODUCERS_OPENED.get();
      ctx.getLogger("app").info("before");

      ctx.reconfigure();

      TributaryAppender after = TestLogging.appender(ctx, "KAFKA");
      assertThat(after.manager()).isSameAs(before);
      assertThat(TributaryManager.PRODUCERS_OPENED.get()).isEqualTo(opened);
      ctx.getLogger("app").info("after");
      after.flush(Duration.ofMinutes(1));
      assertThat(CaptureTransportProvider.records(sink)).hasSize(2);
    } finally {
      ctx.stop(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theNameChangesExactlyWhenTheProducerSettingsDo() {
    TributaryConfig a = TributaryConfig.builder("capture://x").clientId("c")
        .diagnostics(Diagnostics.none()).producerProperty("acks", "1").build();
    TributaryConfig same = a.toBuilder().build();
    TributaryConfig otherValue = a.toBuilder().producerProperty("acks", "all").build();
    TributaryConfig otherLinger = a.toBuilder().linger(Duration.ofMillis(50)).build();
    Duration close = Duration.ofSeconds(10);

    String fp = TributaryManager.fingerprint(a, close, true);
    assertThat(TributaryManager.fingerprint(same, close, true)).isEqualTo(fp);
    assertThat(TributaryManager.fingerprint(otherValue, close, true)).isNotEqualTo(fp);
    assertThat(TributaryManager.fingerprint(otherLinger, close, true)).isNotEqualTo(fp);
    assertThat(TributaryManager.fingerprint(a, Duration.ofSeconds(1), true)).isNotEqualTo(fp);
    assertThat(TributaryManager.fingerprint(a, close, false)).isNotEqualTo(fp);
    assertThat(TributaryManager.fingerprint(a.toBuilder().consoleWarnings(false).build(), close,
        true)).isNotEqualTo(fp);
    TributaryConfig standby = a.toBuilder().standby("capture://y").build();
    assertThat(TributaryManager.fingerprint(standby, close, true)).isNotEqualTo(fp);
    assertThat(TributaryManager.fingerprint(a.toBuilder().standby(dev.tributary.StandbyDestination
        .builder("capture://y").producerProperty("acks", "all").build()).build(), close, true))
        .isNotEqualTo(TributaryManager.fingerprint(standby, close, true));
    assertThat(TributaryManager.fingerprint(standby.toBuilder().failoverAfter(
        Duration.ofSeconds(5)).build(), close, true))
        .isNotEqualTo(TributaryManager.fingerprint(standby, close, true));
    assertThat(fp).doesNotContain("acks").hasSize(16);
  }
}

package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.HostName;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.CaptureTransportProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Settings map onto the core config, and events onto records, as documented. */
class AppenderSettingsTest {

  @Test
  void everySettingMapsOntoTheConfig() {
    TributaryAppender a = new TributaryAppender();
    a.setName("KAFKA");
    a.setDestination("kafka://127.0.0.1:9092,127.0.0.1:9093");
    a.setBufferSize("64MB");
    a.setMaxRecordSize("512KB");
    a.setOverflowPolicy("drop_oldest");
    a.setMaxBlockTime("250 milliseconds");
    a.setDeliveryTimeout("2 minutes");
    a.setLinger("PT0.02S");
    a.setCloseTimeout("3 seconds");
    a.setClientId("orders");
    a.addProducerProperty("compression.type=zstd");
    a.addProducerProperty("sasl.jaas.config=a=b c=d");

    TributaryConfig c = a.toConfig(Diagnostics.none());

    assertThat(c.destination().hostList(9092)).isEqualTo("127.0.0.1:9092,127.0.0.1:9093");
    assertThat(c.bufferBytes()).isEqualTo(64L << 20);
    assertThat(c.maxRecordBytes()).isEqualTo(512 << 10);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(c.maxBlockTime()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(a.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.clientId()).isEqualTo("orders");
    assertThat(c.producerProperties())
        .containsEntry("compression.type", "zstd")
        .containsEntry("sasl.jaas.config", "a=b c=d");
  }

  @Test
  void sizesAndDurationsTakeTheSyntaxBothAppendersShare() {
    TributaryAppender a = new TributaryAppender();
    a.setName("KAFKA");
    a.setDestination("kafka://127.0.0.1:9092");
    a.setBufferSize("64MiB");
    a.setMaxRecordSize("512k");
    a.setMaxBlockTime("1.5 seconds");
    a.setDeliveryTimeout("5m");
    a.setLinger("20ms");
    a.setCloseTimeout("3s");

    TributaryConfig c = a.toConfig(Diagnostics.none());

    assertThat(c.bufferBytes()).isEqualTo(64L << 20);
    assertThat(c.maxRecordBytes()).isEqualTo(512 << 10);
    assertThat(c.maxBlockTime()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(20));
    assertThat(a.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void spoolSettingsMapOntoTheConfig() {
    TributaryAppender a = new TributaryAppender();
    a.setName("KAFKA");
    a.setDestination("kafka://127.0.0.1:9092");
    a.setSpoolDir("/var/spool/orders");
    a.setSpoolMaxSize("2GB");
    a.setSpoolSegmentSize("8MB");
    a.setSpoolSync("never");
    TributaryConfig c = a.toConfig(Diagnostics.none());
    assertThat(c.spoolDir()).isEqualTo(java.nio.file.Path.of("/var/spool/orders"));
    assertThat(c.durableSpool()).isTrue();
    assertThat(c.spoolMaxBytes()).isEqualTo(2L << 30);
    assertThat(c.spoolSegmentBytes()).isEqualTo(8 << 20);
    assertThat(c.spoolSyncInterval()).isEqualTo(TributaryConfig.SPOOL_SYNC_NEVER);
    a.setSpoolSync("always");
    assertThat(a.toConfig(Diagnostics.none()).spoolSyncInterval()).isZero();
    a.setSpoolSync("250 milliseconds");
    assertThat(a.toConfig(Diagnostics.none()).spoolSyncInterval())
        .isEqualTo(Duration.ofMillis(250));
    a.setOverflowPolicy("spill");
    assertThat(a.toConfig(Diagnostics.none()).durableSpool()).isFalse();
  }

  @Test
  void defaultsNeverBlockAndNameTheClientAfterTheAppender() {
    TributaryAppender a = new TributaryAppender();
    a.setName("My Kafka");
    a.setDestination("kafka://127.0.0.1:9092");

    TributaryConfig c = a.toConfig(Diagnostics.none());

    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
    assertThat(c.bufferBytes()).isEqualTo(TributaryConfig.DEFAULT_BUFFER_BYTES);
    assertThat(c.deliveryTimeout()).isEqualTo(TributaryConfig.DEFAULT_DELIVERY_TIMEOUT);
    assertThat(c.linger()).isEqualTo(TributaryConfig.DEFAULT_LINGER);
    assertThat(a.closeTimeout()).isEqualTo(AppenderSettings.DEFAULT_CLOSE_TIMEOUT);
    assertThat(c.clientId()).isEqualTo("logback-My_Kafka");
  }

  @Test
  void recordsCarryKeyHeadersAndTheEventTime() throws Exception {
    String channel = "shape";
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://" + channel, "app-logs", "INFO",
        "    <keyStrategy>mdc:tenant</keyStrategy>\n"
            + "    <header>env=prod</header>\n"
            + "    <header>team=payments</header>\n"));
    Logger log = ctx.getLogger("com.acme.Orders");
    try {
      MDC.put("tenant", "t-42");
      MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      MDC.put("span_id", "00f067aa0ba902b7");
      log.warn("with ids");
      MDC.clear();
      log.info("without ids");
    } finally {
      MDC.clear();
    }
    TributaryAppender appender = LogbackTesting.appender(ctx);
    appender.stop();
    assertThat(appender.closeReport().sent()).isEqualTo(2);

    List<TributaryRecord> records = CaptureTransportProvider.channel(channel);
    assertThat(records).hasSize(2);
    TributaryRecord first = records.get(0);
    assertThat(first.topic()).isEqualTo("app-logs");
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("t-42");
    assertThat(headers(first)).containsExactly(
        Map.entry("level", "WARN"), Map.entry("logger", "com.acme.Orders"),
        Map.entry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
        Map.entry("span_id", "00f067aa0ba902b7"),
        Map.entry("env", "prod"), Map.entry("team", "payments"));
    assertThat(LogbackTesting.json(first.value()).get("message").asText()).isEqualTo("with ids");
    assertThat(first.timestampMs()).isBetween(System.currentTimeMillis() - 60_000,
        System.currentTimeMillis());
    TributaryRecord second = records.get(1);
    assertThat(second.key()).isNull(); // no tenant in the MDC: no key
    assertThat(headers(second)).extracting(Map.Entry::getKey)
        .containsExactly("level", "logger", "env", "team");
  }

  @Test
  void keyStrategiesPickLoggerThreadHostOrNothing() {
    assertThat(keyOf("logger")).isEqualTo("com.acme.Keys");
    assertThat(keyOf("thread")).isEqualTo(Thread.currentThread().getName());
    assertThat(keyOf("HOST")).isEqualTo(HostName.get());
    assertThat(keyOf("none")).isNull();
  }

  private static String keyOf(String strategy) {
    String channel = "key-" + strategy;
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://" + channel, "t", "INFO",
        "    <keyStrategy>" + strategy + "</keyStrategy>\n"
            + "    <defaultHeaders>false</defaultHeaders>\n"));
    ctx.getLogger("com.acme.Keys").info("k");
    ctx.stop();
    TributaryRecord r = CaptureTransportProvider.channel(channel).get(0);
    assertThat(r.headers()).isEmpty();
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  private static List<Map.Entry<String, String>> headers(TributaryRecord r) {
    return r.headers().stream()
        .map(h -> Map.entry(h.key(), new String(h.value(), StandardCharsets.UTF_8)))
        .collect(Collectors.toList());
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.micrometer.TributaryMeterBinder;
import dev.tributary.testkit.RecordingDiagnostics;
import dev.tributary.testkit.SecretScan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Each destination's metrics over JMX and Micrometer, tagged by its name, and never a secret
 * of any destination in them. The producer is created against hosts nobody listens on and
 * sends nothing: creating never connects.
 */
class DestinationMetricsTest {
  private static final String PRIMARY_SECRET = "primary-pa55word";
  private static final String STANDBY_SECRET = "standby-pa55word";

  private static TributaryConfig config(String clientId, DestinationMode mode,
      RecordingDiagnostics status) {
    return TributaryConfig.builder("kafka://127.0.0.1:9").clientId(clientId)
        .diagnostics(status).micrometerEnabled(false).destinationMode(mode)
        .producerProperty("ssl.truststore.password", PRIMARY_SECRET)
        .standby(StandbyDestination.builder("kafka://127.0.0.1:10").name("cloud")
            .producerProperty("ssl.key.password", STANDBY_SECRET).build())
        .build();
  }

  @Test
  void everyDestinationHasItsOwnJmxBeanAndMicrometerMetersTaggedByName() throws Exception {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryProducer producer = TributaryProducer.create(
        config("dest-metrics", DestinationMode.FAILOVER, status));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TributaryMeterBinder meters = new TributaryMeterBinder(producer);
    meters.bindTo(registry);
    SecretScan scan = new SecretScan(List.of(PRIMARY_SECRET, STANDBY_SECRET));
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName cloud = new ObjectName(
          "dev.tributary:type=Destination,clientId=\"dest-metrics\",destination=\"cloud\"");
      ObjectName primary = new ObjectName(
          "dev.tributary:type=Destination,clientId=\"dest-metrics\",destination=\"primary\"");
      assertThat(server.getAttribute(cloud, "Destination")).isEqualTo("kafka://127.0.0.1:10");
      assertThat(server.getAttribute(cloud, "Active")).isEqualTo(false);
      assertThat(server.getAttribute(primary, "Active")).isEqualTo(true);
      assertThat(server.getAttribute(cloud, "SwitchedTo")).isEqualTo(0L);
      assertThat(server.getAttribute(new ObjectName(
          "dev.tributary:type=Producer,clientId=\"dest-metrics\""), "DestinationSwitches"))
          .isEqualTo(0L);

      assertThat(registry.get("tributary.destination.active").tag("destination", "primary")
          .gauge().value()).isEqualTo(1.0);
      assertThat(registry.get("tributary.destination.active").tag("destination", "cloud")
          .gauge().value()).isEqualTo(0.0);
      assertThat(registry.get("tributary.destination.records.sent").tag("destination", "cloud")
          .tag("client.id", "dest-metrics").functionCounter().count()).isZero();
      assertThat(registry.find("tributary.destination.switches").functionCounters()).hasSize(2);

      scan.addJmx("dev.tributary");
      registry.getMeters().forEach(m -> scan.add("meter", m.getId()));
      scan.add("destinations", producer.metrics().destinations());
      scan.add("producer", producer);
      scan.add("config", producer.config());
    } finally {
      DeliveryReport report = producer.close(Duration.ZERO);
      meters.close();
      scan.add("report", report);
      status.lines.forEach(l -> scan.add("status", l));
    }
    scan.assertNoSecret();
    assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
        "dev.tributary:clientId=\"dest-metrics\",*"), null)).as("unregistered at close")
        .isEmpty();
  }

  @Test
  void inMirrorModeEachDestinationCountsItsOwnCopies() {
    RecordingDiagnostics status = new RecordingDiagnostics();
    TributaryProducer producer = TributaryProducer.create(
        config("mirror-metrics", DestinationMode.MIRROR, status));
    try {
      producer.offer(TributaryRecord.of("t", new byte[10]));
      List<DestinationMetrics> each = producer.metrics().destinations();
      assertThat(each).extracting(DestinationMetrics::name).containsExactly("primary", "cloud");
      assertThat(each).allSatisfy(d -> {
        assertThat(d.active()).isTrue();
        assertThat(d.pendingRecords()).isEqualTo(1);
      });
      assertThat(producer.metrics().appended()).isEqualTo(1);
    } finally {
      DeliveryReport report = producer.close(Duration.ZERO);
      assertThat(report.destinations()).extracting(DestinationReport::pending)
          .containsExactly(1L, 1L);
    }
  }
}

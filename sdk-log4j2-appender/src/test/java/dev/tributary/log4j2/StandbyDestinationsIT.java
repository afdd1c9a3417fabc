package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMetrics;
import dev.tributary.testkit.CaptureTransportProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * A log4j2.xml with a {@code <StandbyDestination>}: failover while the primary fails every
 * event, and mirror mode. In-memory transports ({@code capture://}); the failover itself is
 * proven against real clusters in sdk-core.
 */
class StandbyDestinationsIT {

  @Test
  void eventsGoToTheStandbyWhileThePrimaryFails() throws Exception {
    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    LoggerContext ctx = TestLogging.start("standby-failover", "capture-standby.xml",
        Map.of("test.sink", "log4j2-standby", "test.mode", "failover",
            "test.secret", "standby-pa55word"));
    try {
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      Logger log = ctx.getLogger("com.acme.Orders");
      for (int i = 0; i < 200; i++) {
        log.info("order {}", i);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (appender.producerMetrics().sent() < 200 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      DeliveryReport report = appender.flush(Duration.ofSeconds(10));
      assertThat(report.sent()).isEqualTo(200);
      assertThat(report.destinations()).extracting(d -> d.name() + "=" + d.sent())
          .containsExactly("primary=0", "cloud=200");
      assertThat(CaptureTransportProvider.records("log4j2-standby")).hasSize(200)
          .allSatisfy(r -> assertThat(TestLogging.header(r, "tributary.destination"))
              .isEqualTo("cloud"));
      assertThat(status.messages()).anySatisfy(m -> assertThat(m).contains(
          "switched from primary (capture://fail-log4j2-primary) to cloud "
              + "(capture://log4j2-standby)"));
      assertThat(status.messages()).noneMatch(m -> m.contains("standby-pa55word"));
    } finally {
      ctx.stop();
      status.detach();
    }
  }

  @Test
  void inMirrorModeTheStandbyGetsEveryEventWhileThePrimaryFails() throws Exception {
    LoggerContext ctx = TestLogging.start("standby-mirror", "capture-standby.xml",
        Map.of("test.sink", "log4j2-mirror", "test.mode", "MIRROR",
            "test.secret", "standby-pa55word"));
    try {
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      Logger log = ctx.getLogger("com.acme.Orders");
      for (int i = 0; i < 50; i++) {
        log.info("order {}", i);
      }
      DestinationMetrics cloud = appender.producerMetrics().destinations().get(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (cloud.sent() < 50 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertThat(cloud.sent()).isEqualTo(50);
      assertThat(appender.producerMetrics().sent()).as("the primary fails every event").isZero();
      assertThat(appender.producerMetrics().destinationSwitches()).isZero();
    } finally {
      ctx.stop();
    }
  }
}

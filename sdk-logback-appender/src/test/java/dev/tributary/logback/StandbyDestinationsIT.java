package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.DeliveryReport;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.CaptureTransportProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A logback.xml with a standby: while the primary fails every event, the appender fails over
 * and every event lands at the standby, with the header naming it. In-memory transports
 * ({@code capture://}); the failover itself is proven against real clusters in sdk-core.
 */
class StandbyDestinationsIT {

  @Test
  void eventsGoToTheStandbyWhileThePrimaryFails() throws Exception {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://fail-logback-primary", "logs", "INFO", """
            <standbyDestination>
              <destination>capture://logback-standby</destination>
              <name>cloud</name>
            </standbyDestination>
            <failoverAfter>300 milliseconds</failoverAfter>
            <destinationHeader>tributary.destination</destinationHeader>
            <deliveryTimeout>1 minute</deliveryTimeout>
            """));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
    Logger log = ctx.getLogger("com.acme.Orders");
    for (int i = 0; i < 200; i++) {
      log.info("order {}", i);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (appender.metrics().sent() < 200 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    ctx.stop();
    DeliveryReport report = appender.closeReport();
    assertThat(report.sent()).as(LogbackTesting.statusText(ctx)).isEqualTo(200);
    assertThat(report.destinations()).extracting(d -> d.name() + "=" + d.sent())
        .containsExactly("primary=0", "cloud=200");
    assertThat(CaptureTransportProvider.channel("logback-standby")).hasSize(200)
        .allSatisfy(r -> assertThat(header(r)).isEqualTo("cloud"));
    assertThat(LogbackTesting.statusText(ctx)).contains("switched from primary "
        + "(capture://fail-logback-primary) to cloud (capture://logback-standby)");
  }

  private static String header(TributaryRecord r) {
    return r.headers().stream().filter(h -> h.key().equals("tributary.destination"))
        .map(h -> new String(h.value(), StandardCharsets.UTF_8)).findFirst().orElse(null);
  }
}

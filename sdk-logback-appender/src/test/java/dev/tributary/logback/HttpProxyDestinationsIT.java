package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.testkit.ProxyOutage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The appender, configured from XML exactly as a user would, with {@code pixy+http} and
 * {@code rest+http} destinations: 100,000 events reach Kafka through a proxy stand-in that
 * answers 503 for the first 20,000 ({@link ProxyOutage}), with nothing lost.
 */
class HttpProxyDestinationsIT {
  @RegisterExtension
  static final ProxyOutage OUTAGE = new ProxyOutage(100_000, 20_000);

  @Test
  void pixyHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(OUTAGE.proxy().pixyDestination(), "logback-pixy",
        "    <producerProperty>pixy.max.in.flight=256</producerProperty>\n");
  }

  @Test
  void restHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(OUTAGE.proxy().restDestination(), "logback-rest",
        "    <producerProperty>rest.headers=true</producerProperty>\n");
  }

  private static void ship(String destination, String topic, String extra) {
    OUTAGE.kafka().createTopic(topic, 3);
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(destination, topic,
        "INFO", extra + "    <bufferSize>256MB</bufferSize>\n"
            + "    <deliveryTimeout>2 minutes</deliveryTimeout>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.isStarted()).as(LogbackTesting.statusText(ctx)).isTrue();
    Logger log = ctx.getLogger("com.acme.Orders");
    OUTAGE.logThroughOutage(appender.metrics(), i -> log.info("order {} placed", i), 150);
    ctx.stop();
    assertThat(LogbackTesting.statuses(ctx, Status.ERROR)).isEmpty();
    OUTAGE.assertEveryOrderArrived(topic,
        r -> LogbackTesting.json(r.value()).get("message").asText());
  }
}

package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.ProxyOutage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Log4j2 appender, unchanged, with {@code pixy+http} and {@code rest+http} destinations:
 * every event reaches Kafka through a proxy stand-in that answers 503 while the first events
 * are logged ({@link ProxyOutage}).
 */
class HttpProxyDestinationsIT {
  @RegisterExtension
  static final ProxyOutage OUTAGE = new ProxyOutage(20_000, 5_000);

  @Test
  void pixyHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(OUTAGE.proxy().pixyDestination(), "log4j2-pixy");
  }

  @Test
  void restHttpDestinationDeliversEveryEventThroughAnOutage() {
    ship(OUTAGE.proxy().restDestination(), "log4j2-rest");
  }

  private static void ship(String destination, String topic) {
    OUTAGE.kafka().createTopic(topic, 3);
    LoggerContext ctx = TestLogging.start(topic, "kafka-plain.xml", Map.of(
        "test.appender", "KAFKA", "test.destination", destination, "test.topic", topic,
        "test.closeTimeout", "60s"));
    try {
      TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");
      assertThat(appender.isStarted()).isTrue();
      Logger log = ctx.getLogger("com.acme.Orders");
      OUTAGE.logThroughOutage(appender.producerMetrics(), i -> log.info("order {} placed", i),
          120);
    } finally {
      ctx.stop(60, TimeUnit.SECONDS);
    }
    OUTAGE.assertEveryOrderArrived(topic, r -> KafkaIt.json(r).get("message"));
  }
}

package dev.tributary.log4j2;

import dev.tributary.testkit.InProcessKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Helpers for the integration tests against the in-process Kafka. */
final class KafkaIt {
  private KafkaIt() {}

  static String destination(InProcessKafka kafka) {
    return "kafka://" + kafka.bootstrapServers();
  }

  static List<ConsumerRecord<byte[], byte[]>> consume(InProcessKafka kafka, String topic,
      int expected, Duration timeout) {
    return kafka.consumeAll(topic, expected, timeout);
  }

  static Map<String, Object> json(ConsumerRecord<byte[], byte[]> r) {
    return TestLogging.json(r.value());
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Producers registered over JMX whose client id starts with {@code clientId}. */
  static Set<ObjectName> producerBeans(String clientId) {
    try {
      return ManagementFactory.getPlatformMBeanServer().queryNames(
          new ObjectName("dev.tributary:type=Producer,clientId=\"" + clientId + "*\""), null);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }
}

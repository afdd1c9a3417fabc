package dev.tributary.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log shippers of {@code LogShippingBenchmark}, in the order the report lists them, with
 * what each one is. A name the report does not know is listed after these, as it is.
 */
final class Contestants {
  static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("tributary-logback", "Tributary Logback appender (defaults; bufferSize 2GB except when Kafka is down)");
    KNOWN.put("tributary-log4j2", "Tributary Log4j2 appender (defaults; bufferSize 2GB except when Kafka is down)");
    KNOWN.put("tributary-log4j2-async", "Tributary Log4j2 appender behind async loggers");
    KNOWN.put("lka-blocking", "logback-kafka-appender 0.2.0-RC2, blocking delivery");
    KNOWN.put("lka-async", "logback-kafka-appender 0.2.0-RC2, async delivery (acks=0)");
    KNOWN.put("log4j2-kafka-sync", "Log4j2 KafkaAppender, syncSend=true (its default)");
    KNOWN.put("log4j2-kafka-nosync", "Log4j2 KafkaAppender, syncSend=false");
    KNOWN.put("log4j2-kafka-nosync-async", "Log4j2 KafkaAppender, syncSend=false, async loggers");
    KNOWN.put("kafka-clients-loop", "ceiling: kafka-clients send loop, pre-encoded bytes");
    KNOWN.put("floor-async-noop", "floor: Logback AsyncAppender over a no-op appender");
  }

  private Contestants() {}

  /** {@code seen} in report order: known names first, in their order, then the others. */
  static List<String> ordered(List<String> seen) {
    List<String> out = new ArrayList<>();
    for (String name : KNOWN.keySet()) {
      if (seen.contains(name)) {
        out.add(name);
      }
    }
    for (String name : seen) {
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }
}

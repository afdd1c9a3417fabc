package dev.tributary.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log shippers of the suite, in the order the report lists them, with what each one is.
 * The peers and {@code -peer} contestants ship with acks=1, linger 5 ms, 64 KiB batches and no
 * compression. A name the report does not know is listed after these, as it is.
 */
final class Contestants {
  static final Map<String, String> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("tributary-logback", "Tributary Logback appender, its producer defaults");
    KNOWN.put("tributary-logback-peer", "Tributary Logback appender, the peers' producer settings");
    KNOWN.put("tributary-log4j2", "Tributary Log4j2 appender, its producer defaults");
    KNOWN.put("tributary-log4j2-peer", "Tributary Log4j2 appender, the peers' producer settings");
    KNOWN.put("kafka-clients-loop", "kafka-clients send loop, pre-encoded bytes");
    KNOWN.put("kafka-clients-encode-loop",
        "kafka-clients send loop, each event built and encoded (JsonEncoder)");
    KNOWN.put("lka", "logback-kafka-appender 0.2.0-RC2, async delivery");
    KNOWN.put("lka-blocking", "logback-kafka-appender 0.2.0-RC2, blocking delivery");
    KNOWN.put("log4j2-kafka", "Log4j2 KafkaAppender, syncSend=false");
    KNOWN.put("log4j2-kafka-async", "Log4j2 KafkaAppender, syncSend=false, async loggers");
    KNOWN.put("log4j2-kafka-sync", "Log4j2 KafkaAppender, syncSend=true (its default)");
    KNOWN.put("floor-async-noop", "floor: Logback AsyncAppender over a no-op appender");
  }

  /** The Tributary contestants and the producer settings they are compared on. */
  static final List<String> TRIBUTARY = List.of("tributary-logback", "tributary-logback-peer",
      "tributary-log4j2", "tributary-log4j2-peer");
  /** The peers that block rather than lose when Kafka cannot keep up. */
  static final List<String> LOSSLESS_PEERS = List.of("kafka-clients-loop", "lka",
      "log4j2-kafka", "log4j2-kafka-async");
  static final String LOOP = "kafka-clients-loop";
  /** The send loop that builds and encodes each event: the least a shipper that encodes does. */
  static final String ENCODE_LOOP = "kafka-clients-encode-loop";
  static final String FLOOR = "floor-async-noop";

  /** True for the Tributary contestants that ship with the peers' producer settings. */
  static boolean peerSettings(String contestant) {
    return contestant.endsWith("-peer");
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

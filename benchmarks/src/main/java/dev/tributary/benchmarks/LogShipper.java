package dev.tributary.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One contestant: something an application thread calls once per log event, shipping it to
 * Kafka (or, for the floor, nowhere). Every contestant logs the same {@link #MESSAGE} and
 * encodes it with Tributary's JSON encoder or layout, so they differ only in how they ship. Not
 * thread-safe to build; {@link #log()} is.
 *
 * <p>A new contestant (say, Tributary through a real kafka-pixy) is a name in {@link #NAMES}, a
 * case in {@link #create}, and the name in the {@code @Param} lists of the scenarios it runs in;
 * an address a {@link SuiteService} started comes from {@link Target#service}.
 */
abstract class LogShipper {
  /** ~200 characters once formatted, like a typical business log line. */
  static final String MESSAGE = "Added sku={} qty={} to cart 5531 for customer c-77812 "
      + "(tier=gold, region=eu-west-1); pricing rules applied: volume-discount, loyalty-bonus; "
      + "inventory reserved at warehouse FRA-2";
  static final String LOGGER = "com.acme.checkout.CartService";

  /**
   * The producer settings every Kafka contestant with a {@code -peer} suffix, and every peer,
   * ships with, so that they differ only in how they ship: leader acknowledgement, a 5 ms
   * linger, 64 KiB batches, no compression.
   */
  static final Map<String, String> PEER_SETTINGS = peerSettings();

  /** Every contestant name {@link #create} knows. */
  static final List<String> NAMES = List.of(
      "tributary-logback", "tributary-logback-peer", "tributary-log4j2", "tributary-log4j2-peer",
      "kafka-clients-loop", "kafka-clients-encode-loop", "lka", "lka-blocking", "log4j2-kafka",
      "log4j2-kafka-async", "log4j2-kafka-sync", "floor-async-noop");

  /** How Tributary's contestants meet a full buffer; the peers have one behaviour only. */
  enum Buffering {
    /** As a user has it: the default buffer (32 MiB) and overflow policy (drop, counted). */
    DEFAULTS,
    /** The default buffer with overflow {@code BLOCK} for up to a minute: lossless, as peers are. */
    BLOCK
  }

  /** How a {@link #stopWithin} went: whether stopping returned before the cap, and when. */
  record Stop(boolean returned, long millis) {
    @Override
    public String toString() {
      return returned ? "stop returned after " + millis + " ms"
          : "stop had NOT RETURNED after " + millis + " ms";
    }
  }

  private static Map<String, String> peerSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("acks", "1");
    m.put("linger.ms", "5");
    m.put("batch.size", "65536");
    m.put("compression.type", "none");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Builds the named contestant, pointed at {@code bootstrap} (host:port) and {@code topic}.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  static LogShipper create(String name, String bootstrap, String topic, Buffering buffering) {
    switch (name) {
      case "tributary-logback":
      case "tributary-logback-peer":
      case "lka":
      case "lka-blocking":
      case "floor-async-noop":
        return LogbackShipper.create(name, bootstrap, topic, buffering);
      case "tributary-log4j2":
      case "tributary-log4j2-peer":
      case "log4j2-kafka":
      case "log4j2-kafka-async":
      case "log4j2-kafka-sync":
        return Log4j2Shipper.create(name, bootstrap, topic, buffering);
      case "kafka-clients-loop":
        return new KafkaClientsLoop(bootstrap, topic);
      case "kafka-clients-encode-loop":
        return new KafkaClientsEncodeLoop(bootstrap, topic);
      default:
        throw new IllegalArgumentException("unknown contestant " + name + "; known: " + NAMES);
    }
  }

  /** Logs (or sends) one event from the calling thread. */
  abstract void log();

  /** False for the floor, which delivers nothing anywhere. */
  boolean shipsToKafka() {
    return true;
  }

  /**
   * Waits, bounded, until {@code expected} records are in the topic, or none arrived for
   * {@code quiet}; returns the count then. A shipper that knows what it still holds may answer
   * sooner.
   */
  long awaitDelivered(TopicCounter arrivals, long expected, Duration quiet, Duration cap) {
    return arrivals.awaitArrivals(expected, quiet.toMillis(), cap.toMillis());
  }

  /** Events the shipper dropped and counted so far, or -1 for a shipper that counts none. */
  long dropped() {
    return -1;
  }

  /** A line of counters for the run's output. */
  String stats() {
    return "";
  }

  /** Stops the shipper the way its framework's shutdown would; may block. */
  abstract void stop(long timeoutSeconds);

  /**
   * Calls {@link #stop} with {@code timeoutSeconds} from a daemon thread and waits at most
   * {@code capSeconds}: a shipper whose stop hangs must not hang the benchmark.
   */
  final Stop stopWithin(long timeoutSeconds, long capSeconds) {
    long t0 = System.nanoTime();
    Thread stopper = new Thread(() -> stop(timeoutSeconds), "stopper");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(TimeUnit.SECONDS.toMillis(capSeconds));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Stop(!stopper.isAlive(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }
}

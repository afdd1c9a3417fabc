package dev.tributary.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One contestant of {@link LogShippingBenchmark}: something an application thread calls once per
 * log event, shipping it to Kafka (or, for the floor, nowhere). Every contestant logs the same
 * {@link #MESSAGE} and encodes it with Tributary's JSON encoder or layout, so they differ only in
 * how they ship. Not thread-safe to build; {@link #log()} is.
 */
abstract class LogShipper {
  /** ~200 characters once formatted, like a typical business log line. */
  static final String MESSAGE = "Added sku={} qty={} to cart 5531 for customer c-77812 "
      + "(tier=gold, region=eu-west-1); pricing rules applied: volume-discount, loyalty-bonus; "
      + "inventory reserved at warehouse FRA-2";
  static final String LOGGER = "com.acme.checkout.CartService";

  /** Every contestant name {@link #create} knows, in the order the report lists them. */
  static final List<String> NAMES = List.of(
      "tributary-logback", "tributary-log4j2", "tributary-log4j2-async",
      "lka-blocking", "lka-async",
      "log4j2-kafka-sync", "log4j2-kafka-nosync", "log4j2-kafka-nosync-async",
      "kafka-clients-loop", "floor-async-noop");

  /** How a {@link #stopWithin} went: whether stopping returned before the cap, and when. */
  record Stop(boolean returned, long millis) {
    @Override
    public String toString() {
      return returned ? "stop returned after " + millis + " ms"
          : "stop had NOT RETURNED after " + millis + " ms";
    }
  }

  /**
   * Builds the named contestant, pointed at {@code bootstrap} (host:port) and {@code topic}.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  static LogShipper create(String name, String bootstrap, String topic) {
    return create(name, bootstrap, topic, false);
  }

  /**
   * @param defaultBuffer give Tributary its default buffer (32 MiB), as a user has it, rather
   *     than room for a whole measured tight loop: for the Kafka-down check, where what a user
   *     meets once the buffer is full is the point
   */
  static LogShipper create(String name, String bootstrap, String topic, boolean defaultBuffer) {
    switch (name) {
      case "tributary-logback":
      case "lka-blocking":
      case "lka-async":
      case "floor-async-noop":
        return LogbackShipper.create(name, bootstrap, topic, defaultBuffer);
      case "tributary-log4j2":
      case "tributary-log4j2-async":
      case "log4j2-kafka-sync":
      case "log4j2-kafka-nosync":
      case "log4j2-kafka-nosync-async":
        return Log4j2Shipper.create(name, bootstrap, topic, defaultBuffer);
      case "kafka-clients-loop":
        return new KafkaClientsLoop(bootstrap, topic);
      default:
        throw new IllegalArgumentException("unknown contestant " + name + "; known: " + NAMES);
    }
  }

  /** Logs (or sends) one event from the calling thread. */
  abstract void log();

  /** Waits, bounded, until what was logged so far has left the shipper's buffers. */
  void drain(TopicCounter arrivals) {
    arrivals.awaitQuiet(300, 60_000);
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

package dev.tributary.samples;

import dev.tributary.testkit.InProcessKafka;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Where a sample ships to: the destination given as {@code -Dtributary.destination}, or else a
 * one-node Kafka started in this JVM on 127.0.0.1.
 *
 * <p>When no destination is given, {@link #fromSystemProperties()} reserves a port and sets
 * {@code tributary.destination} to it <em>before</em> anything logs, so a {@code logback.xml} or
 * {@code log4j2.xml} that reads {@code ${tributary.destination}} sees the in-process broker; the
 * appender starts while nothing listens yet and delivers once {@link #start} brought the broker
 * up, as it would after a broker restart.
 *
 * <p>Records are read back with a plain consumer: from the destination's servers for
 * {@code kafka://}, from {@code -Dtributary.readBack=host:9092} for a proxy destination (without
 * it, a proxy run is not read back). Not thread-safe.
 */
public final class SampleKafka implements AutoCloseable {
  /** System property naming the destination, e.g. {@code kafka://host:9092}. */
  public static final String DESTINATION_PROPERTY = "tributary.destination";
  /** System property with bootstrap servers to read back from, for a proxy destination. */
  public static final String READ_BACK_PROPERTY = "tributary.readBack";

  private static final String KAFKA_SCHEME = "kafka://";

  private final String destination;
  private final String readBackServers;
  private final InProcessKafka inProcess;

  private SampleKafka(String destination, String readBackServers, InProcessKafka inProcess) {
    this.destination = destination;
    this.readBackServers = readBackServers;
    this.inProcess = inProcess;
  }

  /**
   * Reads {@value #DESTINATION_PROPERTY} and {@value #READ_BACK_PROPERTY}; when the destination
   * is absent or blank, prepares an in-process broker (started by {@link #start}) and sets the
   * property to it. Call before the first logging call of the JVM.
   */
  public static SampleKafka fromSystemProperties() {
    String given = System.getProperty(DESTINATION_PROPERTY, "").trim();
    String readBack = System.getProperty(READ_BACK_PROPERTY, "").trim();
    if (!given.isEmpty()) {
      if (readBack.isEmpty() && given.startsWith(KAFKA_SCHEME)) {
        readBack = withDefaultPorts(given.substring(KAFKA_SCHEME.length()));
      }
      return new SampleKafka(given, readBack.isEmpty() ? null : readBack, null);
    }
    int port = InProcessKafka.freePort();
    InProcessKafka kafka = InProcessKafka.builder().brokerPort(0, port).build();
    String destination = KAFKA_SCHEME + kafka.bootstrapServers();
    System.setProperty(DESTINATION_PROPERTY, destination);
    return new SampleKafka(destination, kafka.bootstrapServers(), kafka);
  }

  /** {@code a,b:9093} to {@code a:9092,b:9093}, as the {@code kafka://} destination reads it. */
  private static String withDefaultPorts(String hosts) {
    return Arrays.stream(hosts.split(","))
        .map(String::trim)
        .map(h -> h.lastIndexOf(':') > h.lastIndexOf(']') ? h : h + ":9092")
        .collect(Collectors.joining(","));
  }

  /**
   * Starts the in-process broker, if this sample uses one, and creates {@code topic}; with a
   * given destination, does nothing (the topic is the cluster's business).
   */
  public void start(String topic, int partitions) {
    if (inProcess != null) {
      // Brings the logging backend up on this thread first: the broker's threads log as they
      // start, and SLF4J would otherwise queue and replay their calls with a warning.
      LoggerFactory.getILoggerFactory();
      inProcess.start();
      inProcess.createTopic(topic, partitions);
    }
  }

  /** The destination URI the sample ships to. */
  public String destination() {
    return destination;
  }

  /** True when the broker runs in this JVM. */
  public boolean inProcess() {
    return inProcess != null;
  }

  /** Bootstrap servers to read the shipped records back from, if known. */
  public Optional<String> readBackServers() {
    return Optional.ofNullable(readBackServers);
  }

  /** Stops the in-process broker, if any. */
  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
    }
  }
}

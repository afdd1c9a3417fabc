package dev.tributary.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Where one JMH fork's contestants ship to: the Kafka broker {@link Suite} started for the whole
 * run (its address in the system property {@link BrokerProcess#BOOTSTRAP_PROPERTY}), or, when a
 * benchmark is run directly with {@code java -jar benchmarks.jar}, a {@link BrokerProcess} of
 * this fork's own. Either way the broker runs in another JVM. Each trial gets a fresh topic
 * ({@link #createTopic}), so counts never mix. Not thread-safe.
 */
final class Target implements AutoCloseable {
  /** One partition: the same for every contestant, whatever its partitioner does with no key. */
  static final int PARTITIONS = 1;
  /** Disk hygiene during a trial; counting by end offsets does not mind deleted segments. */
  private static final Map<String, String> TOPIC_CONFIG = Map.of(
      "retention.bytes", String.valueOf(512L << 20),
      "segment.bytes", String.valueOf(64 << 20));
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final BrokerProcess own;
  private final String bootstrap;
  private final Admin admin;

  private Target(BrokerProcess own, String bootstrap) {
    this.own = own;
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** The suite's broker, or a broker started now for this fork. */
  static Target open() {
    String suite = System.getProperty(BrokerProcess.BOOTSTRAP_PROPERTY);
    if (suite != null && !suite.isBlank()) {
      return new Target(null, suite);
    }
    return startBroker();
  }

  /** A broker of this fork's own (another cluster than the suite's), in a JVM of its own. */
  static Target startBroker() {
    BrokerProcess broker = new BrokerProcess();
    try {
      broker.start(Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a Kafka broker for this fork", e);
    }
    return new Target(broker, broker.bootstrap());
  }

  /**
   * The value a {@link SuiteService} published for the forks, e.g. a proxy's address.
   *
   * @throws IllegalStateException when the run has no such service
   */
  static String service(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("no " + property + ": run this benchmark through "
          + "dev.tributary.benchmarks.Suite, which starts the service that sets it");
    }
    return value;
  }

  /** The broker this target started, or null for the suite's. */
  BrokerProcess ownBroker() {
    return own;
  }

  /** host:port of the broker. */
  String bootstrap() {
    return bootstrap;
  }

  /** Creates a new topic named after {@code label} and returns its name once it exists. */
  String createTopic(String label) {
    String name = "bench-" + label.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
        + ProcessHandle.current().pid() + "-" + TOPICS.incrementAndGet();
    createTopicNamed(name);
    return name;
  }

  /** Creates topic {@code name} (e.g. the same topic on a second cluster). */
  void createTopicNamed(String name) {
    try {
      admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1).configs(TOPIC_CONFIG)))
          .all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name + " on " + bootstrap, e);
    }
  }

  /** Deletes {@code topic} (its disk space comes back within seconds); failures only warn. */
  void deleteTopic(String topic) {
    try {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      System.err.println("could not delete topic " + topic + ": " + e);
    }
  }

  @Override
  public void close() {
    admin.close();
    if (own != null) {
      own.close();
    }
  }
}

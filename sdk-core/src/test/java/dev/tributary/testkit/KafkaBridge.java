package dev.tributary.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Strimzi Kafka Bridge (1.0.0, from {@code ../shared/peers}) as a child process in
 * front of a Kafka cluster, on free loopback ports, for integration tests of
 * {@code rest+http://}.
 *
 * <pre>{@code
 * try (KafkaBridge bridge = KafkaBridge.builder(kafka.bootstrapServers()).start()) {
 *   TributaryConfig config = TributaryConfig.builder(bridge.destination()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>The bridge needs Java 21 or newer: the JDK running the tests if it is one, else
 * {@value #JAVA_PROPERTY} / {@value #JAVA_ENV}, else {@code JAVA_HOME}, else the newest JDK under
 * {@code /usr/lib/jvm}. Without the peers folder or such a JDK, {@link Builder#start()} skips the
 * calling test. The process dies with the test JVM. Not thread-safe.
 */
public final class KafkaBridge implements AutoCloseable {
  /** System property naming a Java 21+ home for the bridge. */
  public static final String JAVA_PROPERTY = "tributary.bridge.java.home";
  /** Environment variable naming a Java 21+ home for the bridge. */
  public static final String JAVA_ENV = "TRIBUTARY_BRIDGE_JAVA_HOME";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Builder settings;
  private final Path home;
  private final Path java;
  private final Path dir;
  private int port;
  private int managementPort;
  private ChildProcess process;
  private int starts;

  private KafkaBridge(Builder settings, Path home, Path java, Path dir) {
    this.settings = settings;
    this.home = home;
    this.java = java;
    this.dir = dir;
  }

  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Starts the bridge (again, after {@link #stop()}, on the same ports) and waits for ready. */
  public KafkaBridge start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the bridge is running already: " + process);
    }
    ChildProcess.onFreePorts(starts == 0, () -> {
      port = InProcessKafka.freePort();
      managementPort = InProcessKafka.freePort();
    }, this::launch);
    starts++;
    return this;
  }

  private void launch() {
    Path config = dir.resolve("bridge-" + (starts + 1) + ".properties");
    try {
      Files.writeString(config, properties());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + config, e);
    }
    // What bin/kafka_bridge_run.sh does, minus its PATH lookup of java and its shared
    // /tmp/vertx-cache: this JVM is started directly, so its PID is the bridge's.
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
        "-Dvertx.cacheDirBase=" + dir.resolve("vertx-cache"),
        "-Djava.security.egd=file:/dev/./urandom",
        "-Dlog4j2.configurationFile=file:" + home.resolve("config/log4j2.properties"),
        "-classpath", home.resolve("libs") + "/*", "io.strimzi.kafka.bridge.Application",
        "--config-file=" + config));
    process = ChildProcess.startReady("kafka-bridge", cmd, dir.resolve("bridge.log"),
        this::ready, READY_TIMEOUT, 100);
  }

  String properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bridge.id", "tributary-tests");
    p.put("kafka.bootstrap.servers", settings.bootstrapServers);
    p.put("kafka.producer.acks", "all");
    p.put("http.host", "127.0.0.1");
    p.put("http.port", String.valueOf(port));
    p.put("http.management.port", String.valueOf(managementPort));
    p.put("http.consumer.enabled", "false");
    p.put("http.producer.enabled", "true");
    p.putAll(settings.properties);
    StringBuilder sb = new StringBuilder();
    p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  private boolean ready() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort
          + "/ready").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the bridge with SIGTERM and waits for it to exit. Idempotent. */
  public void stop() {
    if (process != null) {
      process.stop(STOP_GRACE);
    }
  }

  public void restart() {
    stop();
    start();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  /** {@code rest+http://127.0.0.1:<port>}. */
  public String destination() {
    return "rest+http://127.0.0.1:" + port;
  }

  public Path log() {
    return dir.resolve("bridge.log");
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "kafka-bridge{port=" + port + ", properties=" + settings.properties + ", log=" + log()
        + '}';
  }

  /** A Java 21+ executable for the bridge, or empty. */
  static Optional<Path> java21() {
    List<Path> homes = new ArrayList<>();
    String explicit = System.getProperty(JAVA_PROPERTY, System.getenv(JAVA_ENV));
    if (explicit != null && !explicit.isBlank()) {
      homes.add(Paths.get(explicit));
    }
    if (Runtime.version().feature() >= 21) {
      homes.add(Paths.get(System.getProperty("java.home")));
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      homes.add(Paths.get(javaHome));
    }
    Path jvms = Paths.get("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.filter(p -> !Files.isSymbolicLink(p))
            .sorted((a, b) -> Integer.compare(feature(b), feature(a)))
            .forEach(homes::add);
      } catch (IOException e) {
        // No JDKs to offer from there.
      }
    }
    return homes.stream().filter(h -> feature(h) >= 21)
        .map(h -> h.resolve("bin").resolve("java")).filter(Files::isExecutable).findFirst();
  }

  /** The feature release in {@code home/release} ({@code JAVA_VERSION="25.0.1"}), or 0. */
  static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(line.indexOf('"') + 1);
          String first = v.split("[.\"]")[0];
          return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** Settings of a bridge process. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /**
     * Any bridge property, e.g. {@code kafka.producer.linger.ms} or
     * {@code kafka.producer.max.block.ms}.
     */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Unpacks the distribution (once), starts the bridge and waits until ready; skips the
     * calling test without {@code ../shared/peers} or a Java 21+.
     */
    public KafkaBridge start() {
      Path home = Peers.bridgeHome();
      Optional<Path> java = java21();
      Assumptions.assumeTrue(java.isPresent(), () -> "Skipped: the Strimzi Kafka Bridge in "
          + "../shared/peers needs Java 21+; none found (set -D" + JAVA_PROPERTY + " or "
          + JAVA_ENV + ")");
      Path dir;
      try {
        dir = Files.createDirectories(Peers.unpackDir().resolve("run")
            .resolve("bridge-" + ProcessHandle.current().pid() + "-"
                + INSTANCES.incrementAndGet()));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot create a run directory for the bridge", e);
      }
      return new KafkaBridge(this, home, java.get(), dir).start();
    }
  }
}

package dev.tributary.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) in a JVM of its own, started
 * the way a user starts one: {@code kafka-storage format}, then {@code kafka-server-start}
 * ({@code kafka.tools.StorageTool} and {@code kafka.Kafka}, from the same Kafka jars the
 * project builds with, on this JVM's classpath), with {@code kafka-server-start.sh}'s heap and
 * GC options. Its GC and threads are therefore outside the process being measured. It listens on
 * 127.0.0.1 only, on ports free when it starts; its data and log live in a temporary folder
 * that {@link #close} deletes. Thread-safe.
 */
final class BrokerProcess implements SuiteService {
  /** The fork system property, and the service property, naming the broker's address. */
  static final String BOOTSTRAP_PROPERTY = "tributary.bench.bootstrap";
  /** What kafka-server-start.sh gives the broker (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS). */
  static final List<String> JVM_OPTIONS = List.of("-Xmx1G", "-Xms1G", "-server",
      "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
      "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private Path dir;
  private Process process;
  private String bootstrap;

  @Override
  public String name() {
    return "Kafka broker";
  }

  /** Formats the storage, starts the broker and waits until it answers. */
  @Override
  public synchronized Map<String, String> start(Map<String, String> before) throws IOException {
    dir = Files.createTempDirectory("tributary-bench-kafka-");
    int brokerPort = freePort();
    int controllerPort = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, serverProperties(dir.resolve("data"), brokerPort, controllerPort),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
    int formatted = java("kafka.tools.StorageTool", dir.resolve("format.log"),
        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
        .waitForExit(START_TIMEOUT);
    if (formatted != 0) {
      throw new IOException("kafka-storage format exited with " + formatted + ": "
          + tail(dir.resolve("format.log")));
    }
    process = java("kafka.Kafka", dir.resolve("broker.out"), config.toString()).process;
    bootstrap = "127.0.0.1:" + brokerPort;
    awaitReady();
    return Map.of(BOOTSTRAP_PROPERTY, bootstrap);
  }

  /** host:port of the broker's PLAINTEXT listener. */
  synchronized String bootstrap() {
    return bootstrap;
  }

  /**
   * Freezes the broker (SIGSTOP): its connections stay open and nothing answers, as when its
   * host or the network to it is gone. {@link #thaw} resumes it.
   */
  synchronized void freeze() throws IOException {
    signal("-STOP");
  }

  /** Resumes a frozen broker (SIGCONT). */
  synchronized void thaw() throws IOException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException {
    if (process == null) {
      throw new IllegalStateException("the broker is not running");
    }
    int exit = new Child(new ProcessBuilder("kill", signal, Long.toString(process.pid()))
        .redirectErrorStream(true).start()).waitForExit(Duration.ofSeconds(10));
    if (exit != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " exited with " + exit);
    }
  }

  /** The broker's settings: Kafka's sample KRaft single-node config, on loopback. */
  static String serverProperties(Path data, int brokerPort, int controllerPort) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
            + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // Disk hygiene only: a full suite writes tens of GB. Topics are deleted after each
        // trial and capped meanwhile (Target), and the broker acts on both within seconds.
        "log.retention.check.interval.ms=5000",
        "file.delete.delay.ms=1000",
        "");
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("the Kafka broker exited with " + process.exitValue()
              + " while starting: " + tail(dir.resolve("broker.log")));
        }
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          if (notYet instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the broker started", notYet);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the Kafka broker did not answer within " + START_TIMEOUT
              + ": " + tail(dir.resolve("broker.log")));
        }
        sleep(200);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Stops the broker as kafka-server-stop does (SIGTERM), forcibly after 30 s; deletes data. */
  @Override
  public synchronized void close() {
    if (process != null) {
      try {
        signal("-CONT"); // a frozen broker would not act on SIGTERM
      } catch (IOException | RuntimeException e) {
        // It stops forcibly below.
      }
      process.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (dir != null) {
      deleteTree(dir);
      dir = null;
    }
  }

  /** A JVM running {@code mainClass} with the broker's options, output to {@code log}. */
  private Child java(String mainClass, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    // Kafka logs through SLF4J; the jar holds several providers, so name one: Logback, WARN and
    // up, into broker.log beside the data (read back when the broker fails to start).
    command.add("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
    command.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    command.add("-Dbroker.log=" + dir.resolve("broker.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new Child(p);
  }

  private record Child(Process process) {
    int waitForExit(Duration timeout) throws IOException {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IOException("timed out after " + timeout);
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private static final String LOGBACK = """
      <configuration>
        <appender name="FILE" class="ch.qos.logback.core.FileAppender">
          <file>${broker.log}</file>
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <root level="WARN"><appender-ref ref="FILE"/></root>
      </configuration>
      """;

  /** A port nothing listens on right now, on 127.0.0.1. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no " + file.getFileName() + ")";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

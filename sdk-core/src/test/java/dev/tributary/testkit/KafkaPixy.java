package dev.tributary.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HeldCertificate;

/**
 * The real kafka-pixy (v0.18.0, from {@code ../shared/peers}) as a child process in front of a
 * Kafka cluster, on free loopback ports, for integration tests.
 *
 * <pre>{@code
 * try (KafkaPixy pixy = KafkaPixy.builder(kafka.bootstrapServers()).start()) {
 *   TributaryConfig config = TributaryConfig.builder(pixy.httpDestination()).build();
 *   ...
 *   pixy.stop();    // mid-stream outage
 *   pixy.start();   // same ports again
 * }
 * }</pre>
 *
 * <p>By default kafka-pixy runs its own default producer config (it answers a synchronous
 * produce after its next flush: every 500 ms or 1 MiB); {@link Builder#flushFrequency} lowers the
 * flush interval. {@link Builder#tls} serves both APIs over TLS. Where {@code ../shared/peers}
 * is absent, {@link Builder#start()} skips the calling test. The process dies with the test JVM.
 * Not thread-safe: drive it from the test thread.
 */
public final class KafkaPixy implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  /** kafka-pixy flushes its producer on SIGTERM; a few seconds is normal. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Builder settings;
  private final Path dir;
  private final Path binary;
  private int httpPort;
  private int grpcPort;
  private ChildProcess process;
  private int starts;

  private KafkaPixy(Builder settings, Path binary, Path dir) {
    this.settings = settings;
    this.binary = binary;
    this.dir = dir;
  }

  /** A builder for a kafka-pixy in front of {@code bootstrapServers}. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /**
   * Starts the process (again, after {@link #stop()}, on the same ports) and waits until both
   * APIs answer.
   *
   * @throws IllegalStateException if it is running already or does not become ready
   */
  public KafkaPixy start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("kafka-pixy is running already: " + process);
    }
    ChildProcess.onFreePorts(starts == 0, () -> {
      httpPort = InProcessKafka.freePort();
      grpcPort = InProcessKafka.freePort();
    }, this::launch);
    starts++;
    return this;
  }

  private void launch() {
    Path config = dir.resolve("pixy-" + (starts + 1) + ".yaml");
    try {
      Files.writeString(config, yaml());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + config, e);
    }
    process = ChildProcess.startReady("kafka-pixy", List.of(binary.toString(), "-config",
        config.toString()), dir.resolve("pixy.log"), () -> pings() && accepts(grpcPort),
        READY_TIMEOUT, 50);
  }

  String yaml() {
    StringBuilder y = new StringBuilder()
        .append("grpc_addr: 127.0.0.1:").append(grpcPort).append('\n')
        .append("tcp_addr: 127.0.0.1:").append(httpPort).append('\n');
    if (settings.certificate != null) {
      y.append("tls:\n")
          .append("  certificate_path: \"").append(settings.certificate).append("\"\n")
          .append("  key_path: \"").append(settings.key).append("\"\n");
    }
    y.append("proxies:\n")
        .append("  default:\n")
        .append("    kafka:\n")
        .append("      seed_peers: [\"").append(String.join("\", \"",
            settings.bootstrapServers.split(","))).append("\"]\n")
        // kafka-pixy speaks the protocol of this version; newer brokers still accept it.
        .append("      version: 2.3.0\n");
    List<String> producer = new ArrayList<>();
    if (settings.flushFrequency != null) {
      producer.add("flush_frequency: " + settings.flushFrequency.toMillis() + "ms");
    }
    settings.producer.forEach((k, v) -> producer.add(k + ": " + v));
    if (!producer.isEmpty()) {
      y.append("    producer:\n");
      producer.forEach(line -> y.append("      ").append(line).append('\n'));
    }
    // Its consumer side needs ZooKeeper-era group APIs; against KRaft brokers it must be off.
    return y.append("    consumer:\n").append("      disabled: true\n").toString();
  }

  /**
   * Stops the process with SIGTERM (kafka-pixy then flushes what it holds and answers the
   * requests it has) and waits for it to exit. Idempotent.
   */
  public void stop() {
    if (process != null) {
      process.stop(STOP_GRACE);
    }
  }

  /** {@link #stop()} then {@link #start()}, on the same ports. */
  public void restart() {
    stop();
    start();
  }

  /** Kills the process at once (SIGKILL), losing whatever it held. */
  public void kill() {
    if (process != null) {
      process.stop(Duration.ZERO);
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public int httpPort() {
    return httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** {@code pixy+http://127.0.0.1:<port>} ({@code pixy+https} with TLS). */
  public String httpDestination() {
    return (settings.certificate == null ? "pixy+http" : "pixy+https") + "://127.0.0.1:"
        + httpPort;
  }

  /** {@code pixy+grpc://127.0.0.1:<port>} ({@code pixy+grpcs} with TLS). */
  public String grpcDestination() {
    return (settings.certificate == null ? "pixy+grpc" : "pixy+grpcs") + "://127.0.0.1:"
        + grpcPort;
  }

  /** kafka-pixy's own log (stdout and stderr of every start). */
  public Path log() {
    return dir.resolve("pixy.log");
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "kafka-pixy{http=" + httpPort + ", grpc=" + grpcPort + ", flush="
        + (settings.flushFrequency == null ? "default" : settings.flushFrequency) + ", tls="
        + (settings.certificate != null) + ", log=" + log() + '}';
  }

  private boolean pings() {
    if (settings.certificate != null) {
      // Over TLS, a listening port is enough: whether the certificate is trusted is the test's
      // business, not readiness's.
      return accepts(httpPort);
    }
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort
          + "/_ping").toURL().openConnection();
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

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }


  /** Settings of a kafka-pixy process. */
  public static final class Builder {
    private final String bootstrapServers;
    private Duration flushFrequency;
    private Path certificate;
    private Path key;
    private final Map<String, String> producer = new java.util.LinkedHashMap<>();

    private Builder(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /** {@code producer.flush_frequency}; default: kafka-pixy's own (500 ms). */
    public Builder flushFrequency(Duration flushFrequency) {
      this.flushFrequency = flushFrequency;
      return this;
    }

    /** Any other {@code producer.*} setting, e.g. {@code flush_bytes}, {@code required_acks}. */
    public Builder producer(String key, String value) {
      producer.put(key, value);
      return this;
    }

    /**
     * Serves HTTP and gRPC over TLS with this PEM certificate chain and PEM private key (both
     * listeners share kafka-pixy's one top-level {@code tls:} section).
     */
    public Builder tls(Path certificatePem, Path keyPem) {
      this.certificate = certificatePem.toAbsolutePath();
      this.key = keyPem.toAbsolutePath();
      return this;
    }

    /**
     * Serves HTTP and gRPC over TLS with {@code server}'s certificate (chained up to
     * {@code ca}) and key, written as PEM files into {@code dir}.
     */
    public Builder tls(HeldCertificate server, TestCa ca, Path dir) {
      try {
        return tls(Files.writeString(dir.resolve("kafka-pixy.crt"), server.certificatePem()
            + ca.root().certificatePem()), Files.writeString(dir.resolve("kafka-pixy.key"),
            server.privateKeyPkcs8Pem()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Unpacks the binary (once), starts kafka-pixy and waits until it is ready; skips the
     * calling test where {@code ../shared/peers} is absent.
     */
    public KafkaPixy start() {
      Path binary = Peers.pixyBinary();
      Path dir;
      try {
        dir = Files.createDirectories(Peers.unpackDir().resolve("run")
            .resolve("pixy-" + ProcessHandle.current().pid() + "-"
                + INSTANCES.incrementAndGet()));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot create a run directory for kafka-pixy", e);
      }
      return new KafkaPixy(this, binary, dir).start();
    }
  }
}

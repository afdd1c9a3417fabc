package dev.tributary.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * kafka-pixy v0.18.0 in front of the suite's broker: HTTP and gRPC produce APIs on loopback.
 * Its config is kafka-pixy's own defaults but for what a KRaft broker needs (the Kafka
 * protocol version it speaks, its consumer side off), and optionally a lower
 * {@code producer.flush_frequency}: with its default 500 ms a synchronous produce is answered
 * only after the next flush, so the rate a client gets is its requests in flight / ~0.5 s.
 */
final class PixyProcess extends ProxyProcess {
  private final String variant;
  private final String flushFrequency;

  /**
   * @param variant the property prefix's middle part: {@code pixy} or {@code pixy5ms}
   * @param flushFrequency {@code producer.flush_frequency} (e.g. {@code 5ms}), or null for
   *     kafka-pixy's default
   */
  PixyProcess(String variant, String flushFrequency) {
    this.variant = variant;
    this.flushFrequency = flushFrequency;
  }

  /** The fork property holding this pixy's HTTP ({@code http}) or gRPC ({@code grpc}) address. */
  static String property(String variant, String api) {
    return "tributary.bench." + variant + "." + api;
  }

  @Override
  public String name() {
    return "kafka-pixy (" + (flushFrequency == null ? "default config"
        : "producer.flush_frequency " + flushFrequency) + ")";
  }

  @Override
  void unpack(Path dir) throws IOException {
    PeerFolder.unpackPixy(dir);
  }

  @Override
  List<String> command(Path dir, String bootstrap, int httpPort, int grpcPort)
      throws IOException {
    Path config = dir.resolve("pixy.yaml");
    Files.writeString(config, yaml(bootstrap, httpPort, grpcPort, flushFrequency),
        StandardCharsets.UTF_8);
    return List.of(dir.resolve("kafka-pixy").toString(), "-config", config.toString());
  }

  static String yaml(String bootstrap, int httpPort, int grpcPort, String flushFrequency) {
    StringBuilder y = new StringBuilder()
        .append("grpc_addr: 127.0.0.1:").append(grpcPort).append('\n')
        .append("tcp_addr: 127.0.0.1:").append(httpPort).append('\n')
        .append("proxies:\n")
        .append("  default:\n")
        .append("    kafka:\n")
        .append("      seed_peers: [\"").append(String.join("\", \"", bootstrap.split(",")))
        .append("\"]\n")
        // kafka-pixy speaks the protocol of this version; newer brokers accept it.
        .append("      version: 2.3.0\n");
    if (flushFrequency != null) {
      y.append("    producer:\n").append("      flush_frequency: ").append(flushFrequency)
          .append('\n');
    }
    // Its consumer side needs ZooKeeper-era group APIs; against a KRaft broker it must be off.
    return y.append("    consumer:\n").append("      disabled: true\n").toString();
  }

  @Override
  boolean ready(int httpPort, int grpcPort) {
    return answers200(httpPort, "/_ping") && accepts(grpcPort);
  }

  @Override
  Map<String, String> published(int httpPort, int grpcPort) {
    return Map.of(property(variant, "http"), "127.0.0.1:" + httpPort,
        property(variant, "grpc"), "127.0.0.1:" + grpcPort);
  }
}

package dev.tributary.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Strimzi Kafka Bridge 1.0.0 in front of the suite's broker: its HTTP producer API
 * (Confluent-REST-v2 style) on loopback, its Kafka producer with {@code acks=all}, on a Java
 * 21+ ({@link PeerFolder#bridgeJava()}). Started as {@code bin/kafka_bridge_run.sh} starts it,
 * minus the script: the JVM is the child, so stopping it stops the bridge.
 */
final class BridgeProcess extends ProxyProcess {
  static final String PROPERTY = "tributary.bench.bridge.http";

  private final Path java;
  private Path home;

  BridgeProcess(Path java) {
    this.java = java;
  }

  @Override
  public String name() {
    return "Strimzi Kafka Bridge";
  }

  @Override
  void unpack(Path dir) throws IOException {
    home = PeerFolder.unpackBridge(dir);
  }

  @Override
  List<String> command(Path dir, String bootstrap, int port, int managementPort)
      throws IOException {
    Path config = dir.resolve("bridge.properties");
    Files.writeString(config, String.join("\n",
        "bridge.id=tributary-bench",
        "kafka.bootstrap.servers=" + bootstrap,
        "kafka.producer.acks=all",
        "http.host=127.0.0.1",
        "http.port=" + port,
        "http.management.port=" + managementPort,
        "http.consumer.enabled=false",
        "http.producer.enabled=true",
        ""), StandardCharsets.UTF_8);
    return List.of(java.toString(), "-Xmx512m",
        "-Dvertx.cacheDirBase=" + dir.resolve("vertx-cache"),
        "-Djava.security.egd=file:/dev/./urandom",
        "-Dlog4j2.configurationFile=file:" + home.resolve("config/log4j2.properties"),
        "-classpath", home.resolve("libs") + "/*", "io.strimzi.kafka.bridge.Application",
        "--config-file=" + config);
  }

  @Override
  boolean ready(int port, int managementPort) {
    return answers200(managementPort, "/ready");
  }

  /**
   * The bridge creates its Kafka producer on the first produce request, which takes seconds on
   * a busy machine: one record to a topic of its own (created by the broker on first use), until
   * it is answered 200.
   */
  @Override
  void warmUp(int port, int managementPort) throws IOException {
    byte[] body = "{\"records\":[{\"value\":\"d2FybS11cA==\"}]}"
        .getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int status = 0;
    while (System.nanoTime() < deadline) {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port
          + "/topics/tributary-bench-warm-up").toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(1_000);
      c.setReadTimeout(30_000);
      c.setRequestProperty("Content-Type", "application/vnd.kafka.binary.v2+json");
      try {
        c.getOutputStream().write(body);
        status = c.getResponseCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Asked again below.
      } finally {
        c.disconnect();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted warming the bridge up", e);
      }
    }
    throw new IOException("the bridge did not take a first record within 60 s (last status "
        + status + ")");
  }

  @Override
  Map<String, String> published(int port, int managementPort) {
    return Map.of(PROPERTY, "127.0.0.1:" + port);
  }
}

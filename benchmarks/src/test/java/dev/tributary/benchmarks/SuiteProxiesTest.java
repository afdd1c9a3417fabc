package dev.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * How the suite decides which real proxies to start and which routes to run, and the config it
 * gives them; no process is started.
 */
class SuiteProxiesTest {
  @TempDir
  Path dir;

  @Test
  void proxiesStartOnlyWhenTheRunSelectsTheProxyBenchmark() throws Exception {
    assertThat(Suite.selects(new CommandLineOptions(), Suite.PROXY_BENCHMARK)).isTrue();
    assertThat(Suite.selects(new CommandLineOptions("ProxyBenchmark"), Suite.PROXY_BENCHMARK))
        .isTrue();
    assertThat(Suite.selects(new CommandLineOptions("CapacityBenchmark"),
        Suite.PROXY_BENCHMARK)).isFalse();
    assertThat(Suite.selects(new CommandLineOptions("-e", "Proxy"), Suite.PROXY_BENCHMARK))
        .isFalse();
  }

  @Test
  void onlyTheRoutesWhoseProxyRunsAreMeasured() {
    Map<String, String> published = Map.of(BrokerProcess.BOOTSTRAP_PROPERTY, "127.0.0.1:1",
        PixyProcess.property("pixy", "http"), "127.0.0.1:2",
        PixyProcess.property("pixy", "grpc"), "127.0.0.1:3");

    assertThat(Suite.routes(published)).containsExactly("pixy+http", "pixy+grpc");
    assertThat(Suite.routes(Map.of())).isEmpty();
  }

  @Test
  void routesNameTributarysSchemeAndAreLookedUpByLabel() {
    assertThat(ProxyRoute.of("pixy+grpc-5ms").scheme()).isEqualTo("pixy+grpc");
    assertThat(ProxyRoute.of("pixy+grpc-5ms").grpc()).isTrue();
    assertThat(ProxyRoute.of("rest+http").bridge()).isTrue();
    assertThatThrownBy(() -> ProxyRoute.of("pixy+https"))
        .hasMessageContaining("unknown route 'pixy+https'").hasMessageContaining("rest+http");
  }

  @Test
  void pixyRunsItsDefaultProducerConfigUnlessAFlushFrequencyIsGiven() {
    String defaults = PixyProcess.yaml("127.0.0.1:9092", 1, 2, null);
    String lowFlush = PixyProcess.yaml("127.0.0.1:9092", 1, 2, "5ms");

    assertThat(defaults).contains("tcp_addr: 127.0.0.1:1\n").contains("grpc_addr: 127.0.0.1:2\n")
        .contains("seed_peers: [\"127.0.0.1:9092\"]").doesNotContain("producer:")
        .contains("consumer:\n      disabled: true");
    assertThat(lowFlush).contains("    producer:\n      flush_frequency: 5ms\n");
  }

  @Test
  void theBridgesJavaIsToldByTheJdksReleaseFile() throws IOException {
    Path jdk25 = Files.createDirectories(dir.resolve("temurin-25"));
    Files.writeString(jdk25.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\n"
        + "JAVA_VERSION=\"25.0.1\"\n");
    Path jdk8 = Files.createDirectories(dir.resolve("jdk8"));
    Files.writeString(jdk8.resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\n");

    assertThat(PeerFolder.feature(jdk25)).isEqualTo(25);
    assertThat(PeerFolder.feature(jdk8)).isEqualTo(8);
    assertThat(PeerFolder.feature(dir.resolve("nothing"))).isZero();
  }

  @Test
  void withoutThePeersFolderTheSkipLineNamesIt() {
    assertThat(PeerFolder.missing(PeerFolder.PIXY_GZ)).contains("../shared/peers")
        .contains(PeerFolder.PIXY_GZ).contains("-D" + PeerFolder.PROPERTY);
  }
}

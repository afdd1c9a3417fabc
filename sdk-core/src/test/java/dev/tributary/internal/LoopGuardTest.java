package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.appender.LoopGuard;
import org.junit.jupiter.api.Test;

class LoopGuardTest {

  @Test
  void recognisesTheShippingPathsLoggersButNotLookalikes() {
    assertThat(LoopGuard.isInternalLogger("org.apache.kafka.clients.NetworkClient")).isTrue();
    assertThat(LoopGuard.isInternalLogger("dev.tributary")).isTrue();
    assertThat(LoopGuard.isInternalLogger("io.grpc.netty.Utils")).isTrue();
    assertThat(LoopGuard.isInternalLogger("kafka.server.BrokerServer")).isTrue();
    assertThat(LoopGuard.isInternalLogger("state.change.logger")).isTrue();
    assertThat(LoopGuard.isInternalLogger("dev.tributaryish.App")).isFalse();
    assertThat(LoopGuard.isInternalLogger("com.example.kafka.Orders")).isFalse();
    assertThat(LoopGuard.isInternalLogger(null)).isFalse();
  }

  @Test
  void recognisesSdkAndClientThreads() {
    assertThat(LoopGuard.isInternalThread("tributary-sender-app")).isTrue();
    assertThat(LoopGuard.isInternalThread("kafka-producer-network-thread | x")).isTrue();
    assertThat(LoopGuard.isInternalThread("main")).isFalse();
  }

  @Test
  void aReentrantCallOnTheSameThreadIsRefused() {
    LoopGuard g = new LoopGuard();
    assertThat(g.enter()).isTrue();
    assertThat(g.enter()).isFalse();
    g.exit();
    assertThat(g.enter()).isTrue();
    g.exit();
  }
}

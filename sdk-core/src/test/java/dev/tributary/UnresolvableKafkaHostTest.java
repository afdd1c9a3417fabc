package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.internal.Pipeline;
import dev.tributary.testkit.MovableClock;
import dev.tributary.testkit.NeverWaits;
import dev.tributary.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Kafka host name that does not resolve at start (DNS not ready yet, a typo) is a
 * destination that is down, not a configuration error: the producer starts, records wait
 * within their delivery timeout, and the reason is named.
 */
class UnresolvableKafkaHostTest {

  @Test
  void startsAndReportsTheUnresolvableHostWhenRecordsExpire() throws Exception {
    List<String> warnings = new ArrayList<>();
    Duration deliveryTimeout = Duration.ofMinutes(10);
    TributaryConfig config = TributaryConfig.builder("kafka://no-such-host.invalid:9092")
        .deliveryTimeout(deliveryTimeout)
        .retryBackoffMax(Duration.ofMillis(200))
        .jmxEnabled(false)
        .diagnostics(new dev.tributary.spi.Diagnostics() {
          @Override
          public void info(String message) {}

          @Override
          public synchronized void warn(String message, Throwable cause) {
            warnings.add(message);
          }

          @Override
          public void error(String message, Throwable cause) {}
        })
        .build();
    // The delivery timeout passes on a clock the test moves, once the record was retried: a
    // record that expired before its first attempt ended (a slow resolver, a busy machine)
    // would have no reason to name. Starting must not wait for the host: a producer that did
    // would never return, not merely take longer than the bound.
    MovableClock clock = new MovableClock();
    Pipeline producer = NeverWaits.call("creating a producer for an unresolvable host",
        () -> clock.producer(config));
    try {
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("logs",
          new byte[] {2}));
      Waits.until("the record retried", Duration.ofSeconds(60),
          () -> producer.metrics().retried() >= 1);
      assertThat(producer.offer(TributaryRecord.of("logs", new byte[] {1}))).isTrue();
      clock.advance(deliveryTimeout);
      assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(DeliveryTimeoutException.class)
          .hasMessageContaining("no-such-host.invalid")
          .hasMessageContaining("resolves");
    } finally {
      DeliveryReport report = producer.close(Duration.ofSeconds(2));
      assertThat(report.failed() + report.pending()).isEqualTo(2);
    }
    synchronized (this) {
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("no-such-host.invalid"));
    }
  }
}

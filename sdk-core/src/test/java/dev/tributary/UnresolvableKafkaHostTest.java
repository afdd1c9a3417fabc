package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    TributaryConfig config = TributaryConfig.builder("kafka://no-such-host.invalid:9092")
        .deliveryTimeout(Duration.ofSeconds(1))
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
    long started = System.nanoTime();
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
      assertThat(producer.offer(TributaryRecord.of("logs", new byte[] {1}))).isTrue();
      CompletableFuture<RecordMetadata> f = producer.send(TributaryRecord.of("logs",
          new byte[] {2}));
      assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(DeliveryTimeoutException.class)
          .hasMessageContaining("no-such-host.invalid")
          .hasMessageContaining("resolves");
      DeliveryReport report = producer.close(Duration.ofSeconds(2));
      assertThat(report.failed() + report.pending()).isEqualTo(2);
    }
    synchronized (this) {
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("no-such-host.invalid"));
    }
  }
}

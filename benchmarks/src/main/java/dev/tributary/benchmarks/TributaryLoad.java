package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.OverflowPolicy;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;

/**
 * Tributary kept busy: a {@link TributaryProducer} with its defaults (the transport's, the
 * buffer's) but for overflow {@code BLOCK}, and one application thread offering the same record
 * for as long as it runs, so the buffer stays full and what reaches Kafka is what the transport
 * can deliver. The producer's status lines go to standard output (the run's log). Thread-safe.
 */
final class TributaryLoad implements AutoCloseable {
  private final TributaryProducer producer;
  private final OfferLoop feeder;

  /** Starts the producer on {@code config} and the application thread. */
  TributaryLoad(TributaryConfig.Builder config, TributaryRecord record) {
    this.producer = TributaryProducer.create(config.overflowPolicy(OverflowPolicy.BLOCK)
        .jmxEnabled(false).diagnostics(PRINTED).build());
    this.feeder = new OfferLoop(producer, record, 0);
  }

  ProducerMetrics metrics() {
    return producer.metrics();
  }

  /** Records retried or failed so far: the transport's errors. */
  long errors() {
    ProducerMetrics m = producer.metrics();
    return m.retried() + m.failed();
  }

  /**
   * Stops offering and closes the producer within {@code timeout}; what is still buffered then
   * is left undelivered (a throughput trial does not wait for its tail).
   */
  DeliveryReport close(Duration timeout) {
    feeder.stop();
    return producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private static final Diagnostics PRINTED = new Diagnostics() {
    @Override
    public void info(String message) {
      System.out.println("[tributary] " + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
      System.out.println("[tributary] WARN " + message + (cause == null ? "" : ": " + cause));
    }

    @Override
    public void error(String message, Throwable cause) {
      System.out.println("[tributary] ERROR " + message + (cause == null ? "" : ": " + cause));
    }
  };
}

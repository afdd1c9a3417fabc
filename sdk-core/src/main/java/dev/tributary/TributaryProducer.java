package dev.tributary;

import dev.tributary.internal.Clock;
import dev.tributary.internal.ExitHook;
import dev.tributary.internal.JmxRegistration;
import dev.tributary.internal.MeterRegistration;
import dev.tributary.internal.Pipeline;
import dev.tributary.internal.Transports;
import dev.tributary.internal.redact.RedactingTransport;
import dev.tributary.internal.redact.Secrets;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ships records to Kafka or a Kafka proxy without ever doing network I/O on the caller's
 * thread.
 *
 * <p>Records are appended to a buffer bounded in bytes and delivered by one daemon sender
 * thread, which batches, retries with backoff and enforces each record's delivery timeout.
 * Starting with the destination down neither blocks nor fails: records wait in the buffer.
 * Unless {@link TributaryConfig#closeAtExit()} is off, a JVM shutdown hook closes a producer
 * still open at exit, within {@link TributaryConfig#closeTimeout()}, so records buffered when
 * {@code main} returns are delivered or reported. Thread-safe; one producer is meant to be
 * shared by the whole application.
 *
 * <pre>{@code
 * try (TributaryProducer producer = TributaryProducer.create(
 *     TributaryConfig.builder("kafka://127.0.0.1:9092").build())) {
 *   producer.offer(TributaryRecord.of("app-logs", "hello".getBytes(UTF_8)));
 *   producer.send(TributaryRecord.of("app-logs", "world".getBytes(UTF_8)))
 *       .whenComplete((md, err) -> { ... });
 * }
 * }</pre>
 */
public final class TributaryProducer implements AutoCloseable {
  /** How long {@link #close()} waits for records to be delivered by default: 30 s. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = TributaryConfig.DEFAULT_CLOSE_TIMEOUT;

  private final Pipeline pipeline;
  private final JmxRegistration jmx;
  private final MeterRegistration meters;
  /** Null when closeAtExit is off. */
  private final ExitHook exitHook;
  private final AtomicBoolean released = new AtomicBoolean();

  private TributaryProducer(TributaryConfig config, ExitHook.Registry hooks) {
    // The guard keeps secrets a destination repeats in its errors out of delivery exceptions.
    Transport transport = RedactingTransport.wrap(Transports.provider(config.destination())
        .create(config.destination(), config, config.diagnostics()),
        Secrets.of(config.producerProperties()));
    try {
      this.pipeline = new Pipeline(config, transport, Clock.SYSTEM, new SplittableRandom(), true);
    } catch (RuntimeException e) {
      transport.close(Duration.ZERO);
      throw e;
    }
    this.jmx = config.jmxEnabled()
        ? JmxRegistration.register(config.clientId(), pipeline.metrics(), config.diagnostics())
        : null;
    this.meters = config.micrometerEnabled()
        ? MeterRegistration.register(config.clientId(), pipeline.metrics(), config.diagnostics())
        : null;
    this.exitHook = config.closeAtExit()
        ? ExitHook.register(hooks, config.clientId(), this::close, config.diagnostics())
        : null;
  }

  /**
   * Creates a producer and starts its sender thread. Never waits for the destination.
   *
   * @throws TributaryConfigException if the transport rejects the configuration
   */
  public static TributaryProducer create(TributaryConfig config) {
    return create(config, ExitHook.RUNTIME);
  }

  /** With a stand-in for the JVM's shutdown hooks, for tests. */
  static TributaryProducer create(TributaryConfig config, ExitHook.Registry hooks) {
    return new TributaryProducer(java.util.Objects.requireNonNull(config, "config"), hooks);
  }

  /**
   * Appends {@code record} for delivery; returns at once. Returns false when the record was
   * dropped (buffer full, too large, producer closed); every drop is counted in
   * {@link #metrics()}. Under {@link OverflowPolicy#BLOCK} it may wait up to
   * {@link TributaryConfig#maxBlockTime()} for space.
   *
   * @throws NullPointerException if {@code record} is null
   */
  public boolean offer(TributaryRecord record) {
    return pipeline.offer(record);
  }

  /**
   * Appends {@code record} and returns a future of where it landed. Delivery problems complete
   * the future exceptionally with a {@link TributaryException} ({@link DeliveryTimeoutException},
   * {@link DeliveryFailedException}, {@link RecordDroppedException}); they are never thrown.
   *
   * @throws NullPointerException if {@code record} is null
   * @throws IllegalStateException if the producer is closed
   */
  public CompletableFuture<RecordMetadata> send(TributaryRecord record) {
    return pipeline.send(record);
  }

  /**
   * Sends buffered records without waiting for linger and waits until the records appended
   * before this call have completed, or {@code timeout} passed. Always returns by then.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public DeliveryReport flush(Duration timeout) {
    return pipeline.flush(timeout);
  }

  /**
   * Stops accepting records, delivers what it can within {@code timeout}, abandons the rest
   * and releases the transport. Always returns by the deadline; the report says what was sent,
   * failed, dropped, and what was still pending. Calling it again returns the same report.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public DeliveryReport close(Duration timeout) {
    DeliveryReport report = pipeline.close(timeout);
    if (released.compareAndSet(false, true)) {
      if (exitHook != null) {
        exitHook.remove();
      }
      if (jmx != null) {
        jmx.close();
      }
      if (meters != null) {
        meters.close();
      }
    }
    return report;
  }

  /** {@link #close(Duration)} with the config's {@link TributaryConfig#closeTimeout()}. */
  @Override
  public void close() {
    close(pipeline.config().closeTimeout());
  }

  /** Live counters of this producer. */
  public ProducerMetrics metrics() {
    return pipeline.metrics();
  }

  public TributaryConfig config() {
    return pipeline.config();
  }

  @Override
  public String toString() {
    return "TributaryProducer{" + pipeline.config().clientId() + " -> "
        + pipeline.config().destination() + '}';
  }
}

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
import dev.tributary.internal.spool.Spool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

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
    this(config, hooks, Clock.SYSTEM);
  }

  /**
   * On {@code clock}: for tests whose deadlines must pass only once something happened (a
   * record's delivery timeout after its first attempt failed), however busy the machine.
   */
  TributaryProducer(TributaryConfig config, Clock clock) {
    this(config, ExitHook.RUNTIME, clock);
  }

  private TributaryProducer(TributaryConfig config, ExitHook.Registry hooks, Clock clock) {
    List<Supplier<Transport>> transports = new ArrayList<>();
    for (TributaryConfig each : config.destinationConfigs()) {
      // The guard keeps secrets a destination repeats in its errors out of delivery exceptions.
      Secrets secrets = Secrets.of(each.producerProperties());
      transports.add(() -> RedactingTransport.wrap(Transports.provider(each.destination())
          .create(each.destination(), each, each.diagnostics()), secrets));
    }
    this.pipeline = new Pipeline(config, transports, clock, new SplittableRandom(), true,
        Spool.ChannelOpener.DEFAULT);
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
   * dropped (buffer full, too large, producer closed; in mirror mode, by the primary's share);
   * every drop is counted in
   * {@link #metrics()}. Under {@link OverflowPolicy#BLOCK} it may wait up to
   * {@link TributaryConfig#maxBlockTime()} for space.
   *
   * @throws NullPointerException if {@code record} is null
   */
  public boolean offer(TributaryRecord record) {
    return pipeline.offer(record);
  }

  /**
   * Builds a record from {@code source} with {@code build} and appends it, like
   * {@link #offer(TributaryRecord)}, but pays for building it only when the buffer can take
   * it: room for a record as large as the recent ones is reserved first, and {@code build} runs
   * only once it is. When the buffer is full (or the producer closed) the call returns false at
   * once, counted as dropped like any refused record, and {@code build} is never called — so a
   * logging burst beyond what the destination takes costs the calling threads next to nothing
   * for the records dropped. The reservation is settled against the built record's real size;
   * a record larger than the reservation that then finds no room for the rest is dropped
   * ({@link DropReason#BUFFER_FULL}) after all. Under {@link OverflowPolicy#DROP_OLDEST}, which
   * makes room instead of refusing, the record is built first. Under
   * {@link OverflowPolicy#BLOCK} the wait for room comes before the build.
   *
   * <p>{@code build} runs on the calling thread, at most once, and must return a record. What
   * it throws is thrown from here (the reservation is given back; nothing is counted).
   *
   * <p>With standbys in {@link DestinationMode#MIRROR}, each destination reserves room in its
   * own share first; {@code build} still runs at most once, if any share has room, and a
   * destination whose share is full drops the record unbuilt (counted for it). The result is
   * the primary's.
   *
   * <pre>{@code
   * // once: a function that encodes an application event
   * Function<OrderEvent, TributaryRecord> encode =
   *     e -> TributaryRecord.of("orders", e.id().getBytes(UTF_8), json.write(e));
   * // per event
   * producer.offer(event, encode);
   * }</pre>
   *
   * @return true if appended; false if dropped (counted in {@link #metrics()})
   * @throws NullPointerException if {@code build} is null or returns null
   */
  public <T> boolean offer(T source, Function<? super T, TributaryRecord> build) {
    return pipeline.offer(source, build);
  }

  /**
   * Appends {@code record} and returns a future of where it landed. Delivery problems complete
   * the future exceptionally with a {@link TributaryException} ({@link DeliveryTimeoutException},
   * {@link DeliveryFailedException}, {@link RecordDroppedException}); they are never thrown.
   *
   * <p>With standbys in {@link DestinationMode#FAILOVER}, the future completes with where the
   * record landed, whichever destination that was. In {@link DestinationMode#MIRROR} it is the
   * primary's outcome: it completes with the primary's position once the primary acknowledged
   * the record, or fails as it would with the primary alone, whatever the other destinations
   * did; their outcomes are in {@link ProducerMetrics#destinations()} and the reports.
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

package dev.tributary.internal;

import dev.tributary.DeliveryReport;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The producer's engine behind {@code TributaryProducer}: appends on the caller's thread,
 * flushes and closes against deadlines. The work is done by its parts, built by
 * {@link Assembly}: {@link Intake} (the caller side), {@link Outcomes} (completion),
 * {@link Delivery} (sender and transport), {@link Spooling} (the disk) and {@link Shutdown}
 * (flush and close). Tests build it with a fake clock and a scripted transport.
 */
public final class Pipeline {
  private final Assembly parts;

  /**
   * @param startThread false in tests that drive {@link #sender()} by hand
   */
  public Pipeline(TributaryConfig config, Transport transport, Clock clock,
      RandomGenerator random, boolean startThread) {
    this(config, transport, clock, random, startThread, Spool.ChannelOpener.DEFAULT);
  }

  /** With a custom way to open spool files, so tests can make the disk fail. */
  Pipeline(TributaryConfig config, Transport transport, Clock clock, RandomGenerator random,
      boolean startThread, Spool.ChannelOpener spoolFiles) {
    this.parts = new Assembly(config, transport, clock, random, spoolFiles);
    if (startThread) {
      parts.start();
    }
  }

  /** Appends without waiting (except under BLOCK, up to its bound). */
  public boolean offer(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    return parts.intake.append(record, null) == null;
  }

  /**
   * Builds a record from {@code source} and appends it, building it only once the buffer has
   * room for it (see {@link Intake#append(Object, Function, CompletableFuture)}).
   */
  public <T> boolean offer(T source, Function<? super T, TributaryRecord> build) {
    Objects.requireNonNull(build, "build");
    return parts.intake.append(source, build, null) == null;
  }

  /** Appends and returns a future of the record's outcome; never throws for delivery reasons. */
  public CompletableFuture<RecordMetadata> send(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    if (parts.intake.isClosed()) {
      throw new IllegalStateException("Producer " + parts.config.clientId() + " is closed");
    }
    CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
    DropReason reason = parts.intake.append(record, future);
    if (reason != null) {
      future.completeExceptionally(parts.outcomes.dropException(reason, record));
    }
    return future;
  }

  /** Waits until every record accepted before the call has completed, or the timeout passes. */
  public DeliveryReport flush(Duration timeout) {
    return parts.shutdown.flush(timeout);
  }

  /**
   * Stops accepting records, delivers what it can until the deadline, then abandons the rest.
   * Returns by the deadline even if the transport hangs. Idempotent.
   */
  public DeliveryReport close(Duration timeout) {
    return parts.shutdown.close(timeout);
  }

  public ProducerMetrics metrics() {
    return parts.metrics;
  }

  public TributaryConfig config() {
    return parts.config;
  }

  boolean isClosing() {
    return parts.intake.isClosed();
  }

  /** For tests that step the spool writer by hand; null without a spool. */
  SpoolWriter spoolWriter() {
    return parts.spooling == null ? null : parts.spooling.writer();
  }

  /** For tests that step the sender by hand. */
  Sender sender() {
    return parts.delivery.sender();
  }
}

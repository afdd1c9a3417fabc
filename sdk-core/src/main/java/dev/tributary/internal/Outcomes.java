package dev.tributary.internal;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.DropReason;
import dev.tributary.ProducerClosedException;
import dev.tributary.RecordDroppedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.appender.RateLimitedCounter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Gives each accepted record its one outcome, from any thread: sent, failed (rejected or timed
 * out), dropped (evicted), or left undelivered by close. {@link PendingRecord#markDone()}
 * decides which caller gets to complete a record; the winner counts it, frees its memory (or
 * acknowledges its spool entry) and completes its future. Also counts and reports drops of
 * records that were never accepted.
 */
final class Outcomes {
  private final TributaryConfig config;
  private final Accumulator accumulator;
  private final Metrics metrics;
  private final RateLimitedReporter reporter;
  /** Where records go, for messages: the destination, or the primary and its standbys. */
  private final String destinations;
  /** In failover mode each destination reports its own retries (see {@link WatchedTransport}). */
  private final boolean retriesReportedByDestination;
  /** Records of this run that close left undelivered in memory: lost, reported as pending. */
  private final LongAdder undelivered = new LongAdder();
  /** The report counters of drops, by reason, looked up once. */
  private final AtomicLong[] dropReports = new AtomicLong[DropReason.values().length];
  /** Completes records evicted under DROP_OLDEST; one instance, not one per append. */
  final Consumer<PendingRecord> evictor = r -> dropAccepted(r, DropReason.EVICTED);

  Outcomes(TributaryConfig config, Accumulator accumulator, Metrics metrics,
      RateLimitedReporter reporter) {
    this.config = config;
    this.accumulator = accumulator;
    this.metrics = metrics;
    this.reporter = reporter;
    this.destinations = destinationLabel(config);
    this.retriesReportedByDestination = config.destinationConfigs().size() > 1;
    for (DropReason reason : DropReason.values()) {
      dropReports[reason.ordinal()] = reporter.counter("drop." + reason);
    }
  }

  private static String destinationLabel(TributaryConfig config) {
    if (config.standbys().isEmpty()) {
      return config.destination().uri();
    }
    StringBuilder sb = new StringBuilder(config.destination().uri());
    for (int i = 0; i < config.standbys().size(); i++) {
      sb.append(i == config.standbys().size() - 1 ? " or " : ", ")
          .append(config.standbys().get(i).destination().uri());
    }
    return sb.toString();
  }

  /** The destination, or in failover mode the primary and its standbys, for messages. */
  String destinationLabel() {
    return destinations;
  }

  void succeed(PendingRecord r, RecordMetadata md) {
    if (r.markDone()) {
      finish(r);
      metrics.sent.increment();
      if (r.future != null) {
        r.future.complete(md);
      }
    }
  }

  /** A proxy took the record without Kafka's confirmation (an explicit async mode). */
  void acceptUnconfirmed(PendingRecord r, RecordMetadata md) {
    if (r.markDone()) {
      finish(r);
      metrics.unconfirmed.increment();
      if (r.future != null) {
        r.future.complete(md);
      }
    }
  }

  void fail(PendingRecord r, Throwable cause) {
    if (r.markDone()) {
      finish(r);
      metrics.failed.increment();
      TributaryException e = cause instanceof TributaryException te && !te.isRetriable()
          ? te
          : new DeliveryFailedException("Record to topic '" + r.record.topic()
              + "' rejected by " + destinations + ": " + cause, cause);
      reporter.warn("failed", n -> "Delivery failed for " + n + " record(s) so far; latest: "
          + e.getMessage(), null);
      if (r.future != null) {
        r.future.completeExceptionally(e);
      }
    }
  }

  void expire(PendingRecord r) {
    if (r.markDone()) {
      finish(r);
      metrics.failed.increment();
      Throwable last = r.lastError;
      DeliveryTimeoutException e = new DeliveryTimeoutException("Record to topic '"
          + r.record.topic() + "' not delivered to " + destinations + " within "
          + config.deliveryTimeout() + " after " + (r.attempts + (last == null ? 0 : 1))
          + " attempt(s)" + (last == null ? "" : "; last error: " + last), last);
      reporter.warn("timeout", n -> "Delivery timed out for " + n + " record(s) so far; latest: "
          + e.getMessage(), null);
      if (r.future != null) {
        r.future.completeExceptionally(e);
      }
    }
  }

  void retrying(PendingRecord r) {
    metrics.retried.increment();
    if (retriesReportedByDestination) {
      return;
    }
    Throwable last = r.lastError;
    reporter.warn("retry", n -> "Retrying delivery to " + destinations + " (" + n
        + " retries so far); latest error: " + last, null);
  }

  /**
   * Close gave up on {@code r}. It is not dropped: it is undelivered, and reported as pending.
   * A record read back from the spool stays there for the next run; one in memory is lost.
   * Either way its future fails, so nobody waits forever.
   */
  void abandon(PendingRecord r) {
    if (!r.markDone()) {
      return;
    }
    boolean onDisk = r.spooled != null;
    if (!onDisk) {
      accumulator.release(r);
      if (r.appendedThisRun) {
        undelivered.increment();
      }
    }
    if (r.future != null) {
      r.future.completeExceptionally(new ProducerClosedException("Record to topic '"
          + r.record.topic() + "' not delivered to " + destinations
          + " before the producer closed" + (onDisk ? "; it stays in spool " + config.spoolDir()
              + " for the next run" : ""), onDisk));
    }
  }

  /** For a record close left in the spool, when only its future is at hand. */
  ProducerClosedException closedInSpool() {
    return new ProducerClosedException("Record not delivered to " + destinations
        + " before the producer closed; it stays in spool " + config.spoolDir()
        + " for the next run", true);
  }

  /** Abandons every record still queued in memory. */
  void abandonQueued() {
    PendingRecord r;
    while ((r = accumulator.poll()) != null) {
      abandon(r);
    }
  }

  /** The spool writer put {@code r} on disk: its memory is free; its copy on disk goes on. */
  void movedToDisk(PendingRecord r) {
    accumulator.releaseMemory(r);
  }

  /** Counts and reports a record refused at the door; the caller completes its future. */
  void refused(DropReason reason, TributaryRecord record) {
    metrics.drop(reason);
    reportDrop(reason, record);
  }

  long undelivered() {
    return undelivered.sum();
  }

  private boolean dropAccepted(PendingRecord r, DropReason reason) {
    if (!r.markDone()) {
      return false;
    }
    finish(r);
    metrics.drop(reason);
    reportDrop(reason, r.record);
    if (r.future != null) {
      r.future.completeExceptionally(dropException(reason, r.record));
    }
    return true;
  }

  private void finish(PendingRecord r) {
    if (r.spooled == null) {
      accumulator.release(r);
    } else {
      r.spooled.ack();
    }
    if (r.appendedThisRun) {
      metrics.completed.increment();
    }
  }

  /**
   * Counts a drop for its report; builds the message only at a reporting point, since a full
   * buffer drops on every call and the refusal must cost its caller next to nothing.
   */
  private void reportDrop(DropReason reason, TributaryRecord record) {
    long n = dropReports[reason.ordinal()].incrementAndGet();
    if (RateLimitedCounter.isReported(n)) {
      reporter.report("Dropped " + n + " record(s) so far because " + explain(reason, record),
          null);
    }
  }

  RecordDroppedException dropException(DropReason reason, TributaryRecord record) {
    return new RecordDroppedException(reason, "Record to topic '" + record.topic()
        + "' dropped: " + explain(reason, record));
  }

  private String explain(DropReason reason, TributaryRecord record) {
    switch (reason) {
      case BUFFER_FULL:
        return "the buffer of " + config.bufferBytes() + " bytes was full (policy "
            + config.overflowPolicy() + ")";
      case EVICTED:
        return "newer records evicted them from the full buffer (policy DROP_OLDEST)";
      case BLOCK_TIMEOUT:
        return "the buffer stayed full for maxBlockTime " + config.maxBlockTime();
      case RECORD_TOO_LARGE:
        return "a record of " + record.sizeInBytes() + " bytes exceeds maxRecordBytes "
            + config.maxRecordBytes();
      case SPOOL_CAP:
        return "the spool reached its cap of " + config.spoolMaxBytes() + " bytes";
      default:
        return "they were offered after the producer began to close";
    }
  }

  RateLimitedReporter reporter() {
    return reporter;
  }

  Metrics metrics() {
    return metrics;
  }

  TributaryConfig config() {
    return config;
  }
}

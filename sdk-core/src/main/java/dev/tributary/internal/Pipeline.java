package dev.tributary.internal;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryReport;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.ProducerMetrics;
import dev.tributary.RecordDroppedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The producer's engine: validates and appends on the caller's thread, completes records from
 * any thread, and runs flush and close against their deadlines. {@code TributaryProducer} is a
 * thin facade over it; tests build it with a fake clock and a scripted transport.
 */
public final class Pipeline {
  private final TributaryConfig config;
  private final Clock clock;
  private final Accumulator accumulator;
  /** Completes records evicted under DROP_OLDEST; one instance, not one per append. */
  private final Consumer<PendingRecord> evictor = this::evict;
  private final Metrics metrics;
  private final Sender sender;
  private final Transport transport;
  private final RateLimitedReporter reporter;
  private final LongAdder abandoned = new LongAdder();
  private final Spool spool;
  private final SpoolSource spoolSource;
  private final SpoolWriter spoolWriter;
  private final Thread spoolThread;
  private final long deliveryTimeoutNanos;
  private final int maxRecordBytes;
  private final Thread senderThread;
  private volatile boolean closing;
  /** Guards the hand-off of the sender's records between a late-exiting sender and close. */
  private final Object exitLock = new Object();
  private boolean senderDone;
  private boolean closeDone;
  private volatile DeliveryReport closeReport;

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
    this.config = config;
    this.clock = clock;
    this.transport = transport;
    this.reporter = new RateLimitedReporter(config.diagnostics());
    this.deliveryTimeoutNanos = saturatedNanos(config.deliveryTimeout());
    this.accumulator = new Accumulator(config.bufferBytes(), config.overflowPolicy(),
        config.maxBlockTime().toNanos(), config.maxRecordBytes(), deliveryTimeoutNanos);
    this.metrics = new Metrics(accumulator);
    this.maxRecordBytes = config.maxRecordBytes();
    Backoff backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax(), random);
    Batcher batcher = new Batcher(config.batchMaxRecords(), config.batchMaxBytes(),
        config.linger().toNanos());
    if (config.spoolDir() != null) {
      this.spool = Spool.open(config.spoolDir(), config.spoolMaxBytes(),
          config.spoolSegmentBytes(), syncNanos(config.spoolSyncInterval()),
          config.overflowPolicy() == OverflowPolicy.DROP_OLDEST,
          message -> reporter.warn("spool", n -> message, null), spoolFiles);
      metrics.attach(spool);
      boolean spill = !config.durableSpool();
      this.spoolSource = new SpoolSource(spool, accumulator, clock, spill);
      // Records read back from disk are not evictable from memory: they are not in memory's
      // byte count, and the disk keeps them anyway.
      this.sender = new Sender(this, spoolSource, new ConcurrentLinkedQueue<>(), transport,
          clock, backoff, batcher, config.maxInFlightBatches());
      this.spoolWriter = new SpoolWriter(this, spool, accumulator, spoolSource, sender, clock,
          spill ? config.bufferBytes() / 2 : 0);
    } else {
      this.spool = null;
      this.spoolSource = null;
      this.spoolWriter = null;
      this.sender = new Sender(this, accumulator, accumulator.retries(), transport, clock,
          backoff, batcher, config.maxInFlightBatches());
    }
    if (startThread) {
      senderThread = daemon(sender, "tributary-sender-" + config.clientId());
      spoolThread = spoolWriter == null ? null
          : daemon(spoolWriter, "tributary-spool-" + config.clientId());
    } else {
      senderThread = null;
      spoolThread = null;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long syncNanos(Duration interval) {
    return interval.compareTo(TributaryConfig.SPOOL_SYNC_NEVER) >= 0 ? Long.MAX_VALUE
        : saturatedNanos(interval);
  }

  // ---- caller side ----

  /** Appends without waiting (except under BLOCK, up to its bound). */
  public boolean offer(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    return append(record, null) == null;
  }

  /** Appends and returns a future of the record's outcome; never throws for delivery reasons. */
  public CompletableFuture<RecordMetadata> send(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    if (closing) {
      throw new IllegalStateException("Producer " + config.clientId() + " is closed");
    }
    CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
    DropReason reason = append(record, future);
    if (reason != null) {
      future.completeExceptionally(dropException(reason, record));
    }
    return future;
  }

  private DropReason append(TributaryRecord record, CompletableFuture<RecordMetadata> future) {
    DropReason reason;
    if (closing) {
      reason = DropReason.CLOSED;
    } else if (record.sizeInBytes() > maxRecordBytes) {
      reason = DropReason.RECORD_TOO_LARGE;
    } else {
      try {
        reason = accumulator.append(record, future, clock.nanoTime(), evictor);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reason = DropReason.BLOCK_TIMEOUT;
      }
      if (reason == null) {
        metrics.appended.increment();
        if (spoolWriter != null) {
          spoolWriter.wakeIfIdle();
        }
        sender.recordAppended(accumulator.bufferedBytes());
        return null;
      }
    }
    metrics.drop(reason);
    reportDrop(reason, record);
    return reason;
  }

  // ---- completion, from any thread ----

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
              + "' rejected by " + config.destination() + ": " + cause, cause);
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
          + r.record.topic() + "' not delivered to " + config.destination() + " within "
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
    Throwable last = r.lastError;
    reporter.warn("retry", n -> "Retrying delivery to " + config.destination() + " (" + n
        + " retries so far); latest error: " + last, null);
  }

  private void evict(PendingRecord r) {
    dropAccepted(r, DropReason.EVICTED);
  }

  void abandon(PendingRecord r) {
    if (r.spooled != null) {
      // Still on disk: the next producer on this spool directory delivers it.
      if (r.markDone()) {
        if (r.future != null) {
          r.future.completeExceptionally(new TributaryException("Producer closed before "
              + "delivery; the record stays in spool " + config.spoolDir()
              + " for the next run", null, true));
        }
      }
      return;
    }
    if (dropAccepted(r, DropReason.CLOSED)) {
      abandoned.increment();
    }
  }

  /** Called on the sender thread as it ends. */
  void senderExited() {
    synchronized (exitLock) {
      senderDone = true;
      if (closeDone) {
        sender.abandonAll();
      }
    }
  }

  /** The spool writer put {@code r} on disk: its memory is free; its copy on disk goes on. */
  void movedToDisk(PendingRecord r) {
    accumulator.releaseMemory(r);
  }

  void abandonQueue() {
    PendingRecord r;
    while ((r = accumulator.poll()) != null) {
      abandon(r);
    }
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
      spool.ack(r.spooled);
    }
    if (r.appendedThisRun) {
      metrics.completed.increment();
    }
  }

  private void reportDrop(DropReason reason, TributaryRecord record) {
    reporter.warn("drop." + reason, n -> "Dropped " + n + " record(s) so far because "
        + explain(reason, record), null);
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
            + maxRecordBytes;
      default:
        return "the producer was closed";
    }
  }

  private RecordDroppedException dropException(DropReason reason, TributaryRecord record) {
    return new RecordDroppedException(reason, "Record to topic '" + record.topic()
        + "' dropped: " + explain(reason, record));
  }

  // ---- flush and close ----

  /** Waits until every record accepted before the call has completed, or the timeout passes. */
  public DeliveryReport flush(Duration timeout) {
    long deadline = deadline(timeout);
    long target = metrics.appended();
    sender.beginFlush();
    try {
      awaitCompleted(target, deadline);
    } finally {
      sender.endFlush();
    }
    // Pending counts only what this flush waited for, not records appended meanwhile.
    DeliveryReport all = report();
    long pending = Math.max(0, target - metrics.completedThisRun());
    return new DeliveryReport(all.sent(), all.failed(), all.dropped(), pending, all.spooled(),
        pending == 0 && (spool == null || spool.replayDone()), all.unconfirmed());
  }

  /**
   * Waits until {@code target} records of this run completed and, with a spool, the records
   * earlier runs left in it were delivered too.
   */
  private boolean awaitCompleted(long target, long deadline) {
    long pause = TimeUnit.MICROSECONDS.toNanos(100);
    while (metrics.completedThisRun() < target || (spool != null && !spool.replayDone())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(left, pause));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }

  /**
   * Stops accepting records, delivers what it can until the deadline, then abandons the rest.
   * Returns by the deadline even if the transport hangs. Idempotent.
   */
  public synchronized DeliveryReport close(Duration timeout) {
    if (closeReport != null) {
      return closeReport;
    }
    long deadline = deadline(timeout);
    // Keep a slice of the budget for stopping the sender and closing the transport.
    long reserve = Math.min(saturatedNanos(timeout) / 5, TimeUnit.SECONDS.toNanos(2));
    closing = true;
    sender.beginFlush();
    awaitCompleted(metrics.appended(), deadline - reserve);
    sender.stop();
    join(senderThread, deadline - reserve / 2);
    if (spoolWriter != null) {
      spoolWriter.stop();
      if (join(spoolThread, deadline - reserve / 2)) {
        // What memory still holds goes to disk, so the next run delivers it.
        spoolWriter.drainAll();
      }
    }
    Thread closer = new Thread(() -> transport.close(
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))),
        "tributary-closer-" + config.clientId());
    closer.setDaemon(true);
    closer.start();
    join(closer, deadline);
    abandonQueue();
    synchronized (exitLock) {
      closeDone = true;
      if (senderDone || senderThread == null) {
        sender.abandonAll();
      } else {
        // It is stuck in the transport; it abandons its own records when it gets out, so
        // every future still completes. Until then they count as pending.
        config.diagnostics().warn("Producer " + config.clientId() + ": sender thread did not "
            + "stop by the close deadline; its records are reported as pending", null);
      }
    }
    if (spool != null) {
      spool.close();
    }
    closeReport = report();
    return closeReport;
  }

  private static boolean join(Thread t, long deadline) {
    if (t == null) {
      return true;
    }
    try {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }

  /**
   * Counts so that every offered record is in exactly one bucket: records abandoned by close
   * are reported as pending (undelivered at the deadline), not as dropped.
   */
  private DeliveryReport report() {
    long abandonedNow = abandoned.sum();
    // With a spool, every record of this run that is neither completed nor abandoned from
    // memory is on disk, waiting for the next run.
    long spooled = spool == null ? 0
        : Math.max(0, metrics.appended() - metrics.completedThisRun() - abandonedNow);
    long pending = Math.max(0, metrics.appended() - metrics.completedThisRun() - spooled)
        + abandonedNow;
    long dropped = metrics.dropped() - abandonedNow;
    return new DeliveryReport(metrics.sent(), metrics.failed(), dropped, pending, spooled,
        pending == 0 && spooled == 0, metrics.unconfirmed());
  }

  private static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
    }
    return System.nanoTime() + saturatedNanos(timeout);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  // ---- accessors ----

  public ProducerMetrics metrics() {
    return metrics;
  }

  Metrics counters() {
    return metrics;
  }

  /** Bytes the buffer holds now (queued, batched, in flight or waiting for a retry). */
  long bufferedBytes() {
    return accumulator.bufferedBytes();
  }

  RateLimitedReporter reporter() {
    return reporter;
  }

  boolean isClosing() {
    return closing;
  }

  /** For tests that step the spool writer by hand; null without a spool. */
  SpoolWriter spoolWriter() {
    return spoolWriter;
  }

  /** For tests that step the sender by hand. */
  Sender sender() {
    return sender;
  }

  public TributaryConfig config() {
    return config;
  }
}

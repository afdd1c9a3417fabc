package dev.tributary.internal;

import dev.tributary.DropReason;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller side: validates and appends on the caller's thread, and closes the door at
 * close. Appends in progress are counted (as Kafka's {@code RecordAccumulator} counts
 * {@code appendsInProgress}), so close can wait until every append that got past the door has
 * landed in the buffer before it drains it; an append that lands after close gave up waiting
 * abandons what it finds, so no record is ever left in a buffer nobody reads.
 */
final class Intake {
  private final Accumulator accumulator;
  private final Outcomes outcomes;
  private final Metrics metrics;
  private final Clock clock;
  private final int maxRecordBytes;
  /** Called after each accepted append: wakes whoever moves records on (spool writer, sender). */
  private final Runnable appended;
  private final AtomicInteger inProgress = new AtomicInteger();
  private volatile boolean closed;
  /** Set once close drained the buffer for the last time: later arrivals clean up after themselves. */
  private volatile boolean sealed;

  Intake(Accumulator accumulator, Outcomes outcomes, Clock clock, int maxRecordBytes,
      Runnable appended) {
    this.accumulator = accumulator;
    this.outcomes = outcomes;
    this.metrics = outcomes.metrics();
    this.clock = clock;
    this.maxRecordBytes = maxRecordBytes;
    this.appended = appended;
  }

  /**
   * Appends {@code record}: null when accepted, otherwise why it was dropped (counted and
   * reported here; the caller completes the future).
   */
  DropReason append(TributaryRecord record, CompletableFuture<RecordMetadata> future) {
    DropReason reason;
    // Counted before the door is checked: close sets the door, then waits for this count.
    inProgress.incrementAndGet();
    try {
      if (closed) {
        reason = DropReason.CLOSED;
      } else if (record.sizeInBytes() > maxRecordBytes) {
        reason = DropReason.RECORD_TOO_LARGE;
      } else {
        try {
          reason = accumulator.append(record, future, clock.nanoTime(), outcomes.evictor);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          reason = DropReason.BLOCK_TIMEOUT;
        }
        if (reason == null) {
          metrics.appended.increment();
          appended.run();
        }
      }
    } finally {
      inProgress.decrementAndGet();
    }
    if (reason == null) {
      if (sealed) {
        // Landed after close drained the buffer for good: nobody else will read it.
        outcomes.abandonQueued();
      }
      return null;
    }
    outcomes.refused(reason, record);
    return reason;
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes the door: later appends are refused, callers waiting for room give up. */
  void close() {
    closed = true;
    accumulator.close();
  }

  /**
   * Waits until no append is in progress, up to {@code deadlineNanos}; true if none is. Each
   * append is short once the door is closed (none waits for room any more).
   */
  boolean awaitAppends(long deadlineNanos) {
    long pause = TimeUnit.MICROSECONDS.toNanos(10);
    while (inProgress.get() != 0) {
      long left = deadlineNanos - clock.nanoTime();
      if (left <= 0) {
        return false;
      }
      clock.park(this, Math.min(left, pause));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(1));
    }
    return true;
  }

  /**
   * Marks the buffer as drained for the last time. Any append still landing afterwards sees
   * it and abandons its record itself; reading the count after setting the mark orders the
   * two, so each late record is found by close's final drain or by its own caller.
   */
  void seal() {
    sealed = true;
    inProgress.get();
  }
}

package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A batch handed to the transport, and the callback through which it reports each record.
 * Enforces the callback contract: the first outcome per index wins, later ones are ignored.
 */
final class InFlightBatch implements Batch, BatchCallback {
  private final PendingRecord[] records;
  private final long sizeInBytes;
  private final Sender sender;
  private final AtomicIntegerArray reported;
  private final AtomicInteger remaining;
  private final AtomicBoolean counted = new AtomicBoolean();
  final long sentNanos;
  final long earliestDeadlineNanos;
  volatile boolean anySucceeded;
  volatile boolean anyRetriable;

  InFlightBatch(List<PendingRecord> records, long sizeInBytes, Sender sender, long sentNanos) {
    this.records = records.toArray(new PendingRecord[0]);
    this.sizeInBytes = sizeInBytes;
    this.sender = sender;
    this.reported = new AtomicIntegerArray(this.records.length);
    this.remaining = new AtomicInteger(this.records.length);
    this.sentNanos = sentNanos;
    long earliest = Long.MAX_VALUE;
    for (PendingRecord r : this.records) {
      earliest = Math.min(earliest, r.deadlineNanos);
    }
    this.earliestDeadlineNanos = earliest;
  }

  @Override
  public int size() {
    return records.length;
  }

  @Override
  public TributaryRecord record(int index) {
    return records[index].record;
  }

  @Override
  public long sizeInBytes() {
    return sizeInBytes;
  }

  PendingRecord pending(int index) {
    return records[index];
  }

  @Override
  public void succeeded(int index, RecordMetadata metadata) {
    if (claim(index)) {
      anySucceeded = true;
      boolean last = countDown();
      sender.outcomes().succeed(records[index], metadata);
      finishedIf(last);
    }
  }

  @Override
  public void accepted(int index, RecordMetadata metadata) {
    if (claim(index)) {
      anySucceeded = true;
      boolean last = countDown();
      sender.outcomes().acceptUnconfirmed(records[index], metadata);
      finishedIf(last);
    }
  }

  @Override
  public void retriable(int index, Throwable cause, Duration retryAfter) {
    if (claim(index)) {
      anyRetriable = true;
      PendingRecord r = records[index];
      r.lastError = cause;
      r.retryAfterNanos = retryAfter == null ? 0 : Math.max(0, retryAfter.toNanos());
      boolean last = countDown();
      sender.retryLater(r);
      finishedIf(last);
    }
  }

  @Override
  public void fatal(int index, Throwable cause) {
    if (claim(index)) {
      boolean last = countDown();
      sender.outcomes().fail(records[index], cause);
      finishedIf(last);
    }
  }

  /** True once every record has an outcome or was completed some other way (timed out). */
  boolean isSettled() {
    if (remaining.get() == 0) {
      return true;
    }
    for (PendingRecord r : records) {
      if (!r.isDone()) {
        return false;
      }
    }
    return true;
  }

  private boolean claim(int index) {
    return index >= 0 && index < records.length && reported.compareAndSet(index, 0, 1);
  }

  /**
   * Counts one outcome; the last one also counts the batch in the metrics, before that record
   * completes, so whoever waits for the record (a flush) sees the batch counted.
   */
  private boolean countDown() {
    if (remaining.decrementAndGet() == 0) {
      if (claimCount()) {
        sender.batchCompleted(this);
      }
      return true;
    }
    return false;
  }

  private void finishedIf(boolean last) {
    if (last) {
      sender.batchFinished();
    }
  }

  /** True for the one caller that gets to count this batch in the metrics. */
  boolean claimCount() {
    return counted.compareAndSet(false, true);
  }
}

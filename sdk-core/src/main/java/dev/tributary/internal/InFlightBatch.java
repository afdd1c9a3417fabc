package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import java.time.Duration;
import java.util.List;
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
      sender.pipeline().succeed(records[index], metadata);
      countDown();
    }
  }

  @Override
  public void retriable(int index, Throwable cause, Duration retryAfter) {
    if (claim(index)) {
      anyRetriable = true;
      PendingRecord r = records[index];
      r.lastError = cause;
      r.retryAfterNanos = retryAfter == null ? 0 : Math.max(0, retryAfter.toNanos());
      sender.retryLater(r);
      countDown();
    }
  }

  @Override
  public void fatal(int index, Throwable cause) {
    if (claim(index)) {
      sender.pipeline().fail(records[index], cause);
      countDown();
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

  private void countDown() {
    if (remaining.decrementAndGet() == 0) {
      sender.batchFinished();
    }
  }
}

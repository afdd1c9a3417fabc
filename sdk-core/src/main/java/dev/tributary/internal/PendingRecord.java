package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.SpoolEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** A record accepted into the pipeline, with its delivery state. */
final class PendingRecord {
  private static final AtomicIntegerFieldUpdater<PendingRecord> DONE =
      AtomicIntegerFieldUpdater.newUpdater(PendingRecord.class, "done");

  final TributaryRecord record;
  /** Null for records given to {@code offer}: nobody waits, so no future is allocated. */
  final CompletableFuture<RecordMetadata> future;
  final long createdNanos;
  final long deadlineNanos;
  /** Where the record sits on disk, for records read back from the spool; else null. */
  final SpoolEntry spooled;
  /** False for records replayed from an earlier run: they were never appended by this one. */
  final boolean appendedThisRun;

  // Written by transport threads, read by the sender after the inbox hand-off.
  volatile Throwable lastError;
  volatile long retryAfterNanos;

  // Sender thread only.
  int attempts;
  long notBeforeNanos;

  private volatile int done;

  PendingRecord(TributaryRecord record, CompletableFuture<RecordMetadata> future,
      long createdNanos, long deliveryTimeoutNanos) {
    this.record = record;
    this.future = future;
    this.createdNanos = createdNanos;
    this.deadlineNanos = createdNanos + deliveryTimeoutNanos;
    this.spooled = null;
    this.appendedThisRun = true;
  }

  /** A record read back from the spool. It does not expire: the disk holds it until delivery. */
  PendingRecord(SpoolEntry entry, CompletableFuture<RecordMetadata> future, long nowNanos) {
    this.record = entry.record;
    this.future = future;
    this.createdNanos = nowNanos;
    this.deadlineNanos = Long.MAX_VALUE;
    this.spooled = entry;
    this.appendedThisRun = entry.thisRun;
  }

  int size() {
    return record.sizeInBytes();
  }

  /** Claims the one completion this record gets; false if it already completed. */
  boolean markDone() {
    return DONE.compareAndSet(this, 0, 1);
  }

  boolean isDone() {
    return done != 0;
  }
}

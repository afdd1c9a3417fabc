package dev.tributary.internal;

import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The buffer between application threads and the sender, bounded in bytes.
 *
 * <p>The bound covers every record accepted and not yet completed, including those the sender
 * has batched, handed to the transport or queued for a retry, so it is a real bound on memory
 * held. Appends are
 * lock-free; only {@link OverflowPolicy#BLOCK} waits, on a condition signalled when bytes are
 * released or the accumulator closes.
 */
final class Accumulator implements RecordSource {
  /** Records not yet taken by the sender, as bytes: see {@link RecordQueue} for why. */
  private final RecordQueue queue;
  /**
   * Records waiting to be retried, in failure order. Kept here rather than in the sender so
   * that {@link OverflowPolicy#DROP_OLDEST} can evict them: during an outage they are the
   * oldest records held. Records read back from a spool never go here: the disk, not memory,
   * holds them.
   */
  private final RetryQueue retries = new RetryQueue();
  private final AtomicLong bytes = new AtomicLong();
  private final LongAdder records = new LongAdder();
  private final long capacity;
  private final OverflowPolicy policy;
  private final long maxBlockNanos;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition space = lock.newCondition();
  private volatile int waiters;
  /** Set when close begins: callers waiting for room give up with {@link DropReason#CLOSED}. */
  private volatile boolean closed;

  Accumulator(long capacityBytes, OverflowPolicy policy, long maxBlockNanos,
      long deliveryTimeoutNanos, Clock clock) {
    this.clock = clock;
    this.queue = RecordQueue.forBuffer(capacityBytes, deliveryTimeoutNanos);
    this.capacity = capacityBytes;
    this.policy = policy;
    this.maxBlockNanos = maxBlockNanos;
  }

  /**
   * Reserves {@code size} bytes, applying the overflow policy when full: the first step of an
   * append, which may come before the record exists. Reserved bytes count as buffered until
   * {@link #enqueue} turns them into a queued record or {@link #unreserve} gives them back.
   *
   * @param evicted receives records evicted under {@link OverflowPolicy#DROP_OLDEST} and must
   *     complete them, which releases their bytes
   * @param blockDeadlineNanos when a {@link OverflowPolicy#BLOCK} wait ends, or
   *     {@link #NO_DEADLINE} for {@code maxBlockTime} from the first wait
   * @return null once reserved, otherwise why not
   */
  DropReason reserve(int size, Consumer<PendingRecord> evicted, long blockDeadlineNanos)
      throws InterruptedException {
    if (tryReserve(size)) {
      return null;
    }
    return makeRoom(size, evicted, blockDeadlineNanos);
  }

  /** Whether {@code size} more bytes would exceed the bound now; a read, no reservation. */
  boolean isFullFor(int size) {
    return bytes.get() + size > capacity;
  }

  /** Gives back reserved bytes that no record will use, and wakes callers waiting for room. */
  void unreserve(int size) {
    if (size != 0) {
      bytes.addAndGet(-size);
      signalSpace();
    }
  }

  /** Queues {@code record}, whose {@code sizeInBytes} is reserved. Never blocks or fails. */
  void enqueue(TributaryRecord record, CompletableFuture<RecordMetadata> future,
      long createdNanos) {
    records.increment();
    queue.append(record, future, createdNanos, queue.entryBytes(record));
  }

  /** No deadline given yet: a wait under BLOCK lasts {@code maxBlockTime} from its start. */
  static final long NO_DEADLINE = Long.MIN_VALUE;

  /** When a BLOCK wait that starts now would end. */
  long blockDeadline() {
    return clock.nanoTime() + maxBlockNanos;
  }

  private DropReason makeRoom(int size, Consumer<PendingRecord> evicted, long blockDeadlineNanos)
      throws InterruptedException {
    switch (policy) {
      case DROP_OLDEST:
        // Each victim is taken in one atomic step (poll), so a record the sender is taking
        // at the same moment goes to exactly one of them.
        while (!tryReserve(size)) {
          PendingRecord victim = retries.poll();
          if (victim == null) {
            victim = queue.poll();
          }
          if (victim == null) {
            return DropReason.BUFFER_FULL;
          }
          evicted.accept(victim); // completes the victim, which releases its bytes
        }
        return null;
      case BLOCK:
        return awaitRoom(size,
            blockDeadlineNanos == NO_DEADLINE ? blockDeadline() : blockDeadlineNanos);
      default:
        return DropReason.BUFFER_FULL;
    }
  }

  /** Waits for room up to {@code deadline}; null once reserved, else why not. */
  private DropReason awaitRoom(int size, long deadline) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      waiters++;
      while (true) {
        // Checked before every reservation: once close began, nobody enters the buffer.
        if (closed) {
          return DropReason.CLOSED;
        }
        if (tryReserve(size)) {
          return null;
        }
        long remaining = deadline - clock.nanoTime();
        if (remaining <= 0) {
          return DropReason.BLOCK_TIMEOUT;
        }
        // Bounded slices guard against a missed signal; the total wait stays maxBlockNanos.
        clock.await(space, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } finally {
      waiters--;
      lock.unlock();
    }
  }

  /** Close began: callers waiting for room wake and give up; later ones do not wait. */
  void close() {
    closed = true;
    lock.lock();
    try {
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean tryReserve(int size) {
    long current;
    do {
      current = bytes.get();
      if (current + size > capacity) {
        return false;
      }
    } while (!bytes.compareAndSet(current, current + size));
    return true;
  }

  /** The oldest queued record, or null. */
  PendingRecord poll() {
    return queue.poll();
  }

  @Override
  public boolean take(PendingRecord r) {
    return queue.take(r);
  }

  @Override
  public PendingRecord peek() {
    return queue.peek();
  }

  @Override
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Puts back a record that could not be moved to the spool. Its bytes are still reserved; it
   * goes to the tail, so order may suffer on this rare path, but nothing is lost.
   */
  void requeue(PendingRecord r) {
    queue.append(r.record, r.future, r.createdNanos, queue.entryBytes(r.record));
  }

  /** Releases a record's memory without completing it: it now lives in the spool. */
  void releaseMemory(PendingRecord r) {
    release(r);
  }

  /** Records waiting for a retry, oldest failure first; shared with the sender. */
  RetryQueue retries() {
    return retries;
  }

  /** Gives back the bytes of a record that completed (or was evicted) and wakes blocked callers. */
  void release(PendingRecord r) {
    bytes.addAndGet(-r.size());
    records.decrement();
    signalSpace();
  }

  private void signalSpace() {
    if (waiters > 0) {
      lock.lock();
      try {
        space.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  long bufferedBytes() {
    return bytes.get();
  }

  long pendingRecords() {
    return records.sum();
  }
}

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
 * lock-free; only {@link OverflowPolicy#BLOCK} waits, on a condition signalled when enough
 * bytes are released (see {@link #resumeRoom}) or the accumulator closes.
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
  /**
   * The room callers blocked under {@link OverflowPolicy#BLOCK} wait for before they are woken
   * (or their record's size, if larger): a thirty-second of the buffer, at most 256 KiB. Waking
   * them as soon as one record's bytes came back would wake every waiter once per delivered
   * record, from the transport's callback thread: with four callers blocked on a full buffer,
   * that cost their threads more processor time per delivered record than the delivery did,
   * and the transport's thread a lock and a futex call per record. Woken with room for many
   * records, a caller appends a run of them without waiting again.
   */
  private final long resumeRoom;
  private volatile int waiters;
  /**
   * The buffer level at or below which a release wakes the blocked callers; {@link #NOBODY}
   * when none waits, or when the last signal already woke them (those that still find no room
   * publish it again before they wait).
   */
  private volatile long wakeLevel = NOBODY;
  private static final long NOBODY = Long.MIN_VALUE;
  /** Signals sent to blocked callers; read by tests. */
  private long wakeUps;
  /** Set when close begins: callers waiting for room give up with {@link DropReason#CLOSED}. */
  private volatile boolean closed;

  Accumulator(long capacityBytes, OverflowPolicy policy, long maxBlockNanos,
      long deliveryTimeoutNanos, Clock clock) {
    this.clock = clock;
    this.queue = RecordQueue.forBuffer(capacityBytes, deliveryTimeoutNanos);
    this.capacity = capacityBytes;
    this.policy = policy;
    this.maxBlockNanos = maxBlockNanos;
    this.resumeRoom = Math.max(1, Math.min(capacityBytes / 32, MAX_RESUME_ROOM));
  }

  private static final long MAX_RESUME_ROOM = 256 << 10;

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
      freed(bytes.addAndGet(-size));
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
      long wakeAt = capacity - Math.max(size, resumeRoom);
      waiters++;
      while (true) {
        // Checked before every reservation: once close began, nobody enters the buffer.
        if (closed) {
          return DropReason.CLOSED;
        }
        // Published before the check: a release that frees room after the check sees it and
        // signals (see freed); one that freed it before, the check sees. Raised, never
        // lowered: another waiter may want less room, and a needless wake-up only re-checks.
        wakeLevel = Math.max(wakeLevel, wakeAt);
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
      if (--waiters == 0) {
        wakeLevel = NOBODY;
      }
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

  /** Reserves {@code size} bytes if they fit now; never waits or evicts. */
  boolean tryReserve(int size) {
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
    long level = bytes.addAndGet(-r.size());
    records.decrement();
    freed(level);
  }

  /**
   * Wakes the blocked callers once the buffer, now at {@code level}, has the room they wait
   * for; a volatile read when nobody waits or the room is not there yet, which is almost always.
   */
  private void freed(long level) {
    if (level <= wakeLevel) {
      lock.lock();
      try {
        if (wakeLevel != NOBODY) {
          wakeLevel = NOBODY;
          wakeUps++;
          space.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Callers blocked under BLOCK now. */
  int waiters() {
    return waiters;
  }

  /** How many times blocked callers were signalled that room came back. */
  long wakeUps() {
    lock.lock();
    try {
      return wakeUps;
    } finally {
      lock.unlock();
    }
  }

  long bufferedBytes() {
    return bytes.get();
  }

  long pendingRecords() {
    return records.sum();
  }
}

package dev.tributary.internal;

import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The caller side: validates and appends on the caller's thread, and closes the door at
 * close. Appends in progress are counted (as Kafka's {@code RecordAccumulator} counts
 * {@code appendsInProgress}), so close can wait until every append that got past the door has
 * landed in the buffer before it drains it; an append that lands after close gave up waiting
 * abandons what it finds, so no record is ever left in a buffer nobody reads.
 *
 * <p>Under overload the caller side costs the delivery nothing: a record built on room is
 * refused before it is built when the buffer is full, and a caller refused while the
 * destination takes records yields the processor to the threads that deliver them.
 */
final class Intake {
  private final Accumulator accumulator;
  private final Outcomes outcomes;
  private final Metrics metrics;
  private final Clock clock;
  private final int maxRecordBytes;
  private final OverflowPolicy policy;
  /** Whether a full buffer refuses at once (rather than waiting or evicting). */
  private final boolean refusesWhenFull;
  /** Whether the destination is taking records (see {@link Sender#delivering()}). */
  private final BooleanSupplier delivering;
  /**
   * About how large records are lately: what a build-on-room append reserves before it builds
   * one. Zero until the first record: then the first is built before anything is reserved.
   */
  private int typicalBytes;
  /** Called after each accepted append: wakes whoever moves records on (spool writer, sender). */
  private final Runnable appended;
  /**
   * The most reserved before a build: a record larger than this reserves the rest once built,
   * so at most this much room goes unused when the buffer refuses records it might have held.
   */
  static final int MAX_RESERVED_AHEAD = 8 << 10;
  private final AtomicInteger inProgress = new AtomicInteger();
  private volatile boolean closed;
  /** Set once close drained the buffer for the last time: later arrivals clean up after themselves. */
  private volatile boolean sealed;

  Intake(Accumulator accumulator, Outcomes outcomes, Clock clock, int maxRecordBytes,
      OverflowPolicy policy, BooleanSupplier delivering, Runnable appended) {
    this.accumulator = accumulator;
    this.delivering = delivering;
    this.policy = policy;
    this.refusesWhenFull = policy == OverflowPolicy.DROP_NEWEST || policy == OverflowPolicy.SPILL;
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
      reason = closed ? DropReason.CLOSED : admit(record, 0, future, Accumulator.NO_DEADLINE);
    } finally {
      inProgress.decrementAndGet();
    }
    return landed(reason, record);
  }

  /**
   * Builds a record from {@code source} and appends it, building it only once it has room:
   * room for a record the size of recent ones is reserved first, so a record that the buffer
   * would refuse (full, or closed) costs its caller no build. The reservation is settled
   * against the built record's real size; a record larger than the reservation that then finds
   * no room for the difference is dropped as any record finding the buffer full. Under
   * {@link OverflowPolicy#DROP_OLDEST} nothing is refused for want of room, so the record is
   * built first and room made for its real size.
   *
   * @return null when accepted, otherwise why it was dropped (counted and reported here)
   * @throws RuntimeException whatever {@code build} throws; its reservation is given back and
   *     nothing is counted, the caller reports it
   */
  <T> DropReason append(T source, Function<? super T, TributaryRecord> build,
      CompletableFuture<RecordMetadata> future) {
    int ahead = policy == OverflowPolicy.DROP_OLDEST ? 0
        : Math.min(typicalBytes, MAX_RESERVED_AHEAD);
    if (refusesWhenFull && ahead > 0 && !closed && accumulator.isFullFor(ahead)) {
      // Refused on sight, without joining the appends in progress or touching the byte count
      // that the sender and other callers write: under overload this is most calls, and they
      // must leave the processors and their caches to the delivery.
      return landed(DropReason.BUFFER_FULL, null);
    }
    DropReason reason;
    TributaryRecord record = null;
    inProgress.incrementAndGet();
    try {
      if (closed) {
        reason = DropReason.CLOSED;
      } else {
        // The clock is read for a BLOCK deadline only once a wait begins: nearly every call
        // finds room at once. Both reservations share that one deadline.
        long blockDeadline = Accumulator.NO_DEADLINE;
        int reserved = ahead;
        reason = null;
        if (reserved > 0 && !accumulator.tryReserve(reserved)) {
          blockDeadline = blockDeadline();
          reason = reserve(reserved, blockDeadline);
        }
        if (reason == null) {
          try {
            record = Objects.requireNonNull(build.apply(source), "the built record");
          } catch (RuntimeException | Error e) {
            accumulator.unreserve(reserved);
            throw e;
          }
          reason = admit(record, reserved, future, blockDeadline);
        }
      }
    } finally {
      inProgress.decrementAndGet();
    }
    return landed(reason, record);
  }

  /**
   * The first half of an append built on room whose record one build serves several buffers
   * (mirror mode): reserves room for a record the size of recent ones, as
   * {@link #append(Object, Function, CompletableFuture)} does before it builds, but counts
   * nothing yet. Returns the bytes reserved (0 or more: the append is then in progress until
   * {@link #admitBuilt} or {@link #giveBack}), or a refusal ({@link #refusal(int)} tells why;
   * count it with {@link #refuse}) — so a build that then throws leaves no count anywhere.
   */
  int reserveToBuild() {
    int ahead = policy == OverflowPolicy.DROP_OLDEST ? 0
        : Math.min(typicalBytes, MAX_RESERVED_AHEAD);
    if (refusesWhenFull && ahead > 0 && !closed && accumulator.isFullFor(ahead)) {
      return refused(DropReason.BUFFER_FULL);
    }
    inProgress.incrementAndGet();
    DropReason reason = closed ? DropReason.CLOSED
        : ahead == 0 ? null : reserve(ahead, Accumulator.NO_DEADLINE);
    if (reason != null) {
      inProgress.decrementAndGet();
      return refused(reason);
    }
    return ahead;
  }

  /** Why {@link #reserveToBuild} refused, or null if {@code held} is a reservation. */
  static DropReason refusal(int held) {
    return held >= 0 ? null : DropReason.values()[-1 - held];
  }

  private static int refused(DropReason reason) {
    return -1 - reason.ordinal();
  }

  /** Counts the refusal {@link #reserveToBuild} returned. */
  DropReason refuse(int held) {
    return landed(refusal(held), null);
  }

  /** The second half: settles the reservation {@code held} against the built record. */
  DropReason admitBuilt(int held, TributaryRecord record) {
    DropReason reason;
    try {
      // As in a single buffer's append: once past the door, it lands; close waits for it.
      reason = admit(record, held, null, Accumulator.NO_DEADLINE);
    } finally {
      inProgress.decrementAndGet();
    }
    return landed(reason, record);
  }

  /** The second half when the build threw: the reservation {@code held} is given back. */
  void giveBack(int held) {
    accumulator.unreserve(held);
    inProgress.decrementAndGet();
  }

  /**
   * Settles an append whose record is built and {@code reserved} bytes are held for it:
   * reserves what more it needs (or gives back what it does not) and queues it.
   */
  private DropReason admit(TributaryRecord record, int reserved,
      CompletableFuture<RecordMetadata> future, long blockDeadline) {
    int size = record.sizeInBytes();
    remember(size);
    if (size > maxRecordBytes) {
      accumulator.unreserve(reserved);
      return DropReason.RECORD_TOO_LARGE;
    }
    if (size <= reserved) {
      accumulator.unreserve(reserved - size);
    } else {
      // With no deadline yet (no wait so far), the accumulator sets one when a wait begins.
      DropReason reason = reserve(size - reserved, blockDeadline);
      if (reason != null) {
        accumulator.unreserve(reserved);
        return reason;
      }
    }
    accumulator.enqueue(record, future, clock.nanoTime());
    metrics.appended.increment();
    appended.run();
    return null;
  }

  private DropReason reserve(int size, long blockDeadline) {
    try {
      return accumulator.reserve(size, outcomes.evictor, blockDeadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DropReason.BLOCK_TIMEOUT;
    }
  }

  /** When a wait for room must end; read from the clock only under BLOCK, the policy that waits. */
  private long blockDeadline() {
    return policy == OverflowPolicy.BLOCK ? accumulator.blockDeadline() : Accumulator.NO_DEADLINE;
  }

  /**
   * Keeps the size of recent records for the next reservation. Written only when it moved by
   * more than an eighth, so threads logging similar records do not keep writing one shared
   * field (a racy int: a stale value only makes one reservation less apt).
   */
  private void remember(int size) {
    int typical = typicalBytes;
    if (Math.abs(size - typical) > typical >> 3) {
      typicalBytes = size;
    }
  }

  /** The end of an append: counts a refusal, or cleans up after one that landed too late. */
  private DropReason landed(DropReason reason, TributaryRecord record) {
    if (reason == null) {
      if (sealed) {
        // Landed after close drained the buffer for good: nobody else will read it.
        outcomes.abandonQueued();
      }
      return null;
    }
    outcomes.refused(reason, record);
    if (reason == DropReason.BUFFER_FULL && delivering.getAsBoolean()) {
      // The destination takes records, only slower than they come: the sender and the
      // transport's threads need the processor to deliver what the buffer holds, and a thread
      // that logs in a loop would otherwise take it from them and only produce more refusals.
      // Yielding costs this caller nothing when no other thread waits for a processor.
      clock.yieldProcessor();
    }
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

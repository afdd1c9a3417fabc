package dev.tributary.internal;

import dev.tributary.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The one thread that talks to the transport: cuts batches, hands them over, schedules retries
 * with backoff and expires records past their delivery timeout.
 *
 * <p>{@link #runOnce()} does one non-blocking pass and says how long to wait before the next,
 * so tests drive it step by step with a fake clock; {@link #run()} loops it on a thread.
 *
 * <p>It serves one transport from one source with its own retries: the unit a destination
 * is made of. Records reach their outcome through {@link Outcomes}.
 */
final class Sender implements Runnable {
  /** Longest idle park; bounds how late a queued record's expiry can be noticed. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final Outcomes outcomes;
  private final Metrics metrics;
  private final LongSupplier bufferLevel;
  private final RecordSource source;
  private final Transport transport;
  private final Clock clock;
  private final Backoff backoff;
  private final Batcher batcher;
  private final int maxInFlight;
  private final ConcurrentLinkedQueue<PendingRecord> retryInbox = new ConcurrentLinkedQueue<>();
  /**
   * Records waiting for another attempt, in failure order; app threads may evict from it under
   * DROP_OLDEST. Served head first, so a record whose backoff ended waits behind an older one
   * still backing off: retries keep their relative order.
   */
  private final Retries retries;
  private final List<InFlightBatch> inFlight = new ArrayList<>();

  private long pausedUntilNanos = Long.MIN_VALUE;
  private boolean sawNothingQueued;
  private int failedBatchesInARow;
  private volatile boolean running = true;
  /**
   * While parked: the buffer level (bytes held by the accumulator) at which an offer should wake
   * this thread; {@link #NO_WAKE} while running, or when offers cannot make anything sendable.
   * Offers wake the sender at most once per park, and only when their record matters now (the
   * one that fills the open batch, or with no linger the first after an empty spell; with a
   * linger an idle sender looks again within one), never once per record:
   * a wake per record costs the offering thread a futex call and the machine a context switch.
   */
  private volatile long wakeAtBytes = NO_WAKE;
  private static final long NO_WAKE = Long.MAX_VALUE;
  private static final VarHandle WAKE_AT_BYTES;

  static {
    try {
      WAKE_AT_BYTES = MethodHandles.lookup()
          .findVarHandle(Sender.class, "wakeAtBytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /**
   * Whether the destination is taking records: the last batch that settled got records
   * through. False until one does, and after a batch that got nothing through.
   */
  private volatile boolean delivering;
  private volatile int flushRequests;
  private volatile Thread thread;

  /**
   * @param bufferLevel bytes the memory buffer holds now, which offers compare with the wake
   *     threshold
   */
  Sender(Outcomes outcomes, RecordSource source, Retries retries, LongSupplier bufferLevel,
      Transport transport, Clock clock, Backoff backoff, Batcher batcher, int maxInFlight) {
    this.outcomes = outcomes;
    this.metrics = outcomes.metrics();
    this.bufferLevel = bufferLevel;
    this.source = source;
    this.transport = transport;
    this.clock = clock;
    this.backoff = backoff;
    this.batcher = batcher;
    this.maxInFlight = maxInFlight;
    this.retries = retries;
  }

  Outcomes outcomes() {
    return outcomes;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    while (running) {
      long waitNanos;
      try {
        waitNanos = runOnce();
      } catch (RuntimeException | Error e) {
        // The sender must outlive any bug or transport misbehaviour: report and carry on.
        outcomes.reporter().warn("sender-error", n -> "Sender loop error (" + n + " so far)", e);
        waitNanos = TimeUnit.MILLISECONDS.toNanos(10);
      }
      if (waitNanos > 0 && running) {
        park(waitNanos);
      }
    }
  }

  private void park(long waitNanos) {
    long level = bufferLevel.getAsLong();
    long wakeAt = wakeThreshold(level);
    wakeAtBytes = wakeAt;
    // Re-check after publishing the threshold: an offer that appended before it could see it
    // would otherwise wait out the whole park.
    boolean missed = (sawNothingQueued && !source.isEmpty())
        || bufferLevel.getAsLong() >= wakeAt;
    if (!missed) {
      clock.park(this, Math.min(waitNanos, MAX_PARK_NANOS));
    }
    wakeAtBytes = NO_WAKE;
  }

  /**
   * The buffer level at which new records make a difference: enough to fill the open batch
   * while it lingers; with no linger, any record after an empty spell; and none while no batch
   * may be sent (in-flight slots taken, paused after failures, or only failing records being
   * retried: completions and the pause's end wake the sender instead).
   */
  private long wakeThreshold(long level) {
    if (inFlight.size() >= maxInFlight || clock.nanoTime() < pausedUntilNanos
        || !drawsFromSource()) {
      return NO_WAKE;
    }
    if (batcher.isEmpty()) {
      // With a linger, an idle sender looks again within one linger anyway (nextWakeNanos),
      // so the first record after a quiet spell needs no wake-up call from the logging
      // thread; without one, it does.
      return batcher.lingerNanos() > 0 ? NO_WAKE : level + 1;
    }
    return level + Math.max(1, batcher.bytesToFill());
  }

  /**
   * One pass: settle finished batches, schedule retries, expire overdue records and send every
   * batch that is ready while in-flight slots are free.
   *
   * @return nanoseconds until there may be more to do
   */
  long runOnce() {
    long now = clock.nanoTime();
    settleInFlight(now);
    drainRetryInbox(now);
    expireWaiting(now);
    boolean flushing = flushRequests > 0;
    // Once stopped, no new batch: a thread that returns late from the transport must not take
    // more records from a buffer or spool that close is finishing.
    while (running && inFlight.size() < maxInFlight && now >= pausedUntilNanos) {
      fill(now);
      if (batcher.isEmpty()) {
        break;
      }
      if (!(batcher.isFull() || flushing || now >= batcher.readyAtNanos()
          || !batcherCanGrow())) {
        break;
      }
      dispatch(now);
      // A transport may finish a batch inside send() (a metadata timeout does, after blocking
      // for it): take the outcome into account before cutting the next one, or an outage would
      // turn batch after batch of queued records into retries.
      now = clock.nanoTime();
      settleInFlight(now);
      drainRetryInbox(now);
    }
    return nextWakeNanos(now);
  }

  /**
   * Whether batches may take new records from the queue. Not while the destination looks down
   * (every batch since the last success failed) and failed records wait for a retry: those
   * probe it, and the rest stay queued as bytes rather than becoming objects the garbage
   * collector copies for the whole outage. A batch that gets anything through resumes the
   * flow, so a partial outage (one partition) does not hold back the others.
   */
  private boolean drawsFromSource() {
    return failedBatchesInARow == 0 || retries.isEmpty();
  }

  private boolean batcherCanGrow() {
    if (!drawsFromSource()) {
      return false;
    }
    PendingRecord next = source.peek();
    return next == null || batcher.fits(next);
  }

  private void fill(long now) {
    PendingRecord head;
    while ((head = retries.peek()) != null && head.notBeforeNanos <= now) {
      if (!batcher.fits(head)) {
        return;
      }
      // One atomic take: a caller evicting under DROP_OLDEST may take this same record at
      // this moment, and exactly one of us gets it.
      if (retries.take(head) && !head.isDone()) {
        batcher.add(head);
      }
    }
    if (!drawsFromSource()) {
      return;
    }
    PendingRecord r;
    while ((r = source.peek()) != null && batcher.fits(r)) {
      if (!source.take(r)) {
        continue; // evicted by an app thread between peek and take
      }
      if (now >= r.deadlineNanos) {
        outcomes.expire(r);
      } else {
        batcher.add(r);
      }
    }
  }

  private void dispatch(long now) {
    long bytes = batcher.bytes();
    InFlightBatch batch = new InFlightBatch(batcher.cut(), bytes, this, now);
    inFlight.add(batch);
    try {
      transport.send(batch, batch);
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < batch.size(); i++) {
        batch.retriable(i, e, null);
      }
    }
  }

  /** Removes finished batches, updates the pause state, and times out overdue in-flight ones. */
  private void settleInFlight(long now) {
    for (Iterator<InFlightBatch> it = inFlight.iterator(); it.hasNext(); ) {
      InFlightBatch b = it.next();
      if (now >= b.earliestDeadlineNanos) {
        for (int i = 0; i < b.size(); i++) {
          PendingRecord r = b.pending(i);
          if (now >= r.deadlineNanos && !r.isDone()) {
            outcomes.expire(r);
          }
        }
      }
      if (b.isSettled()) {
        it.remove();
        if (b.claimCount()) {
          metrics.batchCompleted(now - b.sentNanos);
        }
        if (b.anySucceeded) {
          failedBatchesInARow = 0;
          pausedUntilNanos = Long.MIN_VALUE;
          if (!delivering) {
            delivering = true;
          }
        } else if (b.anyRetriable) {
          if (delivering) {
            delivering = false;
          }
          // Nothing got through: the destination is likely down. Stop sending new batches
          // for a backoff instead of failing every queued record against it.
          failedBatchesInARow++;
          pausedUntilNanos = now + backoff.delayNanos(failedBatchesInARow);
        }
      }
    }
  }

  private void drainRetryInbox(long now) {
    PendingRecord r;
    while ((r = retryInbox.poll()) != null) {
      if (r.isDone()) {
        continue;
      }
      if (now >= r.deadlineNanos) {
        outcomes.expire(r);
        continue;
      }
      r.attempts++;
      long delay = Math.max(backoff.delayNanos(r.attempts), r.retryAfterNanos);
      r.notBeforeNanos = now + delay;
      outcomes.retrying(r);
      retries.add(r);
    }
  }

  /** Expires records that ran out of time while waiting for a retry or in the queue. */
  private void expireWaiting(long now) {
    if (!retries.isEmpty()) {
      for (PendingRecord r : retries) {
        if ((now >= r.deadlineNanos || r.isDone()) && retries.take(r)) {
          outcomes.expire(r);
        }
      }
    }
    // The queue is in offer order, so expired records are at its head.
    PendingRecord head;
    while ((head = source.peek()) != null && now >= head.deadlineNanos) {
      if (source.take(head)) {
        outcomes.expire(head);
      }
    }
  }

  private long nextWakeNanos(long now) {
    long next = now + MAX_PARK_NANOS;
    sawNothingQueued = source.isEmpty();
    boolean canSend = inFlight.size() < maxInFlight;
    if (canSend && !batcher.isEmpty()) {
      next = Math.min(next, Math.max(batcher.readyAtNanos(), pausedUntilNanos));
    }
    PendingRecord retry = retries.peek();
    if (canSend && retry != null) {
      next = Math.min(next, Math.max(retry.notBeforeNanos, pausedUntilNanos));
    }
    if (canSend && batcher.isEmpty() && sawNothingQueued && batcher.lingerNanos() > 0) {
      // Idle: look again within one linger, so new records wait no longer than the linger
      // they would wait anyway and no offer has to wake this thread.
      next = Math.min(next, Math.max(now + batcher.lingerNanos(), pausedUntilNanos));
    }
    if (canSend && batcher.isEmpty() && !sawNothingQueued && drawsFromSource()) {
      next = Math.min(next, Math.max(now, pausedUntilNanos));
    }
    for (InFlightBatch b : inFlight) {
      next = Math.min(next, b.earliestDeadlineNanos);
    }
    if (!retryInbox.isEmpty()) {
      next = now;
    }
    return Math.max(0, next - now);
  }

  /**
   * Whether records are getting through: the last batch that settled delivered some. Read by
   * callers the buffer refuses, to tell a destination slower than the logging (where this
   * thread and the transport's need the processor) from one that is down (where they do not).
   */
  boolean delivering() {
    return delivering;
  }

  /** Called from transport threads: the record goes back for another attempt. */
  void retryLater(PendingRecord r) {
    retryInbox.add(r);
    wake();
  }

  /** Counts a batch whose every record has an outcome (transport threads). */
  void batchCompleted(InFlightBatch b) {
    metrics.batchCompleted(clock.nanoTime() - b.sentNanos);
  }

  /** Called from transport threads when a batch has an outcome for every record. */
  void batchFinished() {
    wake();
  }

  /**
   * From the offer path: wakes the parked sender once the buffer reached its threshold. Costs a
   * volatile read when there is nothing to do, which is almost always.
   */
  void recordAppended(long bufferedBytes) {
    long wakeAt = wakeAtBytes;
    if (bufferedBytes >= wakeAt && WAKE_AT_BYTES.compareAndSet(this, wakeAt, NO_WAKE)) {
      wake();
    }
  }

  /** Wakes the sender if it is parked (once per park), whatever the buffer level. */
  void wakeIfIdle() {
    long wakeAt = wakeAtBytes;
    if (wakeAt != NO_WAKE && WAKE_AT_BYTES.compareAndSet(this, wakeAt, NO_WAKE)) {
      wake();
    }
  }

  void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  void beginFlush() {
    synchronized (this) {
      flushRequests++;
    }
    wake();
  }

  void endFlush() {
    synchronized (this) {
      flushRequests--;
    }
  }

  void stop() {
    running = false;
    wake();
  }

  /**
   * Abandons every record this sender holds: batched, waiting for a retry or still in flight
   * (not those still queued in the buffer: whoever owns the buffer at close does that). Only
   * after the sender thread ended (or never ran) and the transport was closed.
   */
  void abandonAll() {
    for (PendingRecord r : batcher.cut()) {
      outcomes.abandon(r);
    }
    PendingRecord r;
    while ((r = retries.poll()) != null) {
      outcomes.abandon(r);
    }
    while ((r = retryInbox.poll()) != null) {
      outcomes.abandon(r);
    }
    for (InFlightBatch b : inFlight) {
      for (int i = 0; i < b.size(); i++) {
        outcomes.abandon(b.pending(i));
      }
    }
    inFlight.clear();
  }
}

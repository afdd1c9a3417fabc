package dev.tributary.internal;

import dev.tributary.internal.spool.Spool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that moves records from the memory buffer to the spool, so application threads
 * never touch the disk. In durable mode it takes every record; under SPILL only what pushes the
 * memory buffer past half full. It also syncs per policy and deletes acknowledged segments.
 *
 * <p>A disk error (full, read-only) switches the producer to memory-only with a warning, and
 * the spool is tried again after a pause; nothing is dropped for it and no caller waits.
 *
 * <p>The spool is closed only by this writer's {@link #finish} — when close runs it after this
 * thread stopped, or by this thread itself as it exits when close could not wait for it — so
 * no record is written to, or put back from, a closed spool.
 */
final class SpoolWriter implements Runnable {
  private static final int MAX_RECORDS_PER_COMMIT = 4096;
  /** Bytes written per commit at most: also how far the spool can overshoot its cap briefly. */
  static final int MAX_BYTES_PER_COMMIT = 256 * 1024;
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long RETRY_DISK_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Outcomes outcomes;
  private final Spool spool;
  private final Accumulator memory;
  private final SpoolSource source;
  /** Wakes whoever reads the spool back (the active destination's sender). */
  private final Runnable wakeReader;
  private final Clock clock;
  private final long spillAboveBytes;
  private final List<PendingRecord> written = new ArrayList<>();
  private long seq;
  private long diskFailedAtNanos = Long.MIN_VALUE;
  private boolean takeAll;
  private volatile boolean running = true;
  private volatile boolean idle;
  private volatile Thread thread;

  /**
   * @param spillAboveBytes take records only while memory holds more than this; 0 = all
   */
  SpoolWriter(Outcomes outcomes, Spool spool, Accumulator memory, SpoolSource source,
      Runnable wakeReader, Clock clock, long spillAboveBytes) {
    this.outcomes = outcomes;
    this.spool = spool;
    this.memory = memory;
    this.source = source;
    this.wakeReader = wakeReader;
    this.clock = clock;
    this.spillAboveBytes = spillAboveBytes;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    while (running) {
      int moved;
      try {
        moved = runOnce();
      } catch (RuntimeException | Error e) {
        outcomes.reporter().warn("spool-error", n -> "Spool writer error (" + n + " so far)", e);
        moved = 0;
      }
      if (moved == 0 && running) {
        // Parks even with records waiting when the disk is full or failing; an offer wakes it,
        // and the bounded park re-checks the disk soon after.
        idle = true;
        clock.park(this, IDLE_PARK_NANOS);
        idle = false;
      }
    }
  }

  /** One pass; returns how many records moved to disk. */
  int runOnce() {
    long now = clock.nanoTime();
    boolean diskOk = diskFailedAtNanos == Long.MIN_VALUE
        || now - diskFailedAtNanos >= RETRY_DISK_NANOS;
    if (!diskOk) {
      return 0;
    }
    int moved = 0;
    try {
      boolean room = spool.cleanup();
      if (room) {
        moved = moveToDisk();
      } else {
        spoolFull();
      }
      spool.maybeSync(now);
      if (diskFailedAtNanos != Long.MIN_VALUE) {
        diskFailedAtNanos = Long.MIN_VALUE;
        source.fallBackToMemory(false);
        outcomes.config().diagnostics().info("Spool " + spool.dir() + " is writable again");
      }
    } catch (IOException e) {
      diskFailed(e, now);
    }
    if (moved > 0) {
      wakeReader.run();
    }
    return moved;
  }

  private int moveToDisk() throws IOException {
    written.clear();
    PendingRecord r;
    long bytes = 0;
    while (written.size() < MAX_RECORDS_PER_COMMIT && bytes < MAX_BYTES_PER_COMMIT
        && shouldTake() && (r = memory.poll()) != null) {
      bytes += r.size();
      long s = seq++;
      spool.append(s, r.record);
      if (r.future != null) {
        source.rememberFuture(s, r.future);
      }
      written.add(r);
    }
    if (written.isEmpty()) {
      return 0;
    }
    try {
      spool.commit();
    } catch (IOException e) {
      // These never reached the disk: back to memory, where the sender can still take them.
      for (PendingRecord w : written) {
        memory.requeue(w);
      }
      written.clear();
      throw e;
    }
    for (PendingRecord w : written) {
      outcomes.movedToDisk(w);
    }
    int n = written.size();
    written.clear();
    spool.maybeRoll();
    if (!spool.cleanup()) {
      spoolFull();
    }
    return n;
  }

  private void spoolFull() {
    outcomes.reporter().warn("spool-full", n -> "Spool " + spool.dir() + " is at its cap; new "
        + "records wait in memory, where the overflow policy applies (" + n + " time(s))", null);
  }

  private boolean shouldTake() {
    return takeAll || spillAboveBytes == 0 || memory.bufferedBytes() > spillAboveBytes;
  }

  private void diskFailed(IOException e, long now) {
    diskFailedAtNanos = now;
    source.fallBackToMemory(true);
    outcomes.reporter().warn("spool-disk", n -> "Spool " + spool.dir() + " cannot be written ("
        + e + "); records stay in memory until it can (" + n + " time(s) so far)", null);
  }

  /** Wakes the writer if it is parked, so a new record reaches the disk without delay. */
  void wakeIfIdle() {
    Thread t = thread;
    if (idle && t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Stops the loop; {@link #finish} runs once the thread is out of it. */
  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * The last act, once this thread stopped (or never ran): what memory still holds goes to disk
   * for the next run, what the disk cannot take is abandoned, and the spool is closed.
   */
  void finish() {
    drainAll();
    outcomes.abandonQueued();
    spool.close();
    source.failUnread(outcomes::closedInSpool);
  }

  /** Everything still in memory goes to disk for the next run. */
  private int drainAll() {
    takeAll = true;
    int total = 0;
    try {
      int n;
      do {
        n = moveToDisk();
        total += n;
      } while (n > 0);
    } catch (IOException e) {
      diskFailed(e, clock.nanoTime());
    }
    return total;
  }
}

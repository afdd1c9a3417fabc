package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.internal.spool.Spool;
import dev.tributary.internal.spool.SpoolEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds the sender from the spool: records read back from disk first, then, when memory is
 * allowed to bypass the disk (SPILL, or a spool that failed), records still in memory.
 * Sender thread only, except {@link #rememberFuture}.
 */
final class SpoolSource implements RecordSource {
  /** Null until a spool held by another producer of this JVM was handed over. */
  private volatile Spool spool;
  private final Accumulator memory;
  private final Clock clock;
  private final boolean memoryAlways;
  private volatile boolean memoryFallback;
  /** Futures of {@code send} calls whose records are on disk, by sequence number. */
  private final ConcurrentHashMap<Long, CompletableFuture<RecordMetadata>> futures =
      new ConcurrentHashMap<>();
  private PendingRecord next;

  SpoolSource(Spool spool, Accumulator memory, Clock clock, boolean spill) {
    this.spool = spool;
    this.memory = memory;
    this.clock = clock;
    this.memoryAlways = spill;
  }

  /** The spool was handed over: read it from now on. */
  void attach(Spool handedOver) {
    this.spool = handedOver;
  }

  void rememberFuture(long seq, CompletableFuture<RecordMetadata> future) {
    futures.put(seq, future);
  }

  /**
   * Completes the futures of records still on disk and not read back: they stay in the spool
   * for the next run. At close, once the writer is done; a reader racing this takes each
   * future at most once.
   */
  void failUnread(java.util.function.Supplier<? extends Throwable> closed) {
    for (Long seq : futures.keySet()) {
      CompletableFuture<RecordMetadata> f = futures.remove(seq);
      if (f != null) {
        f.completeExceptionally(closed.get());
      }
    }
  }

  /** The spool cannot take records (disk error): let the sender read memory directly. */
  void fallBackToMemory(boolean on) {
    memoryFallback = on;
  }

  @Override
  public PendingRecord peek() {
    Spool s = spool;
    if (next == null && s != null) {
      SpoolEntry e = s.peek();
      if (e != null) {
        s.poll();
        // The future stays in the map until the record is taken, so close can still complete
        // it if the record is never taken.
        CompletableFuture<RecordMetadata> f = e.thisRun ? futures.get(e.seq) : null;
        next = new PendingRecord(e, f, clock.nanoTime());
      }
    }
    if (next != null) {
      return next;
    }
    return memoryAlways || memoryFallback ? memory.peek() : null;
  }

  @Override
  public boolean take(PendingRecord r) {
    if (r == next) {
      next = null;
      if (r.future != null) {
        // Whoever removes a future owns its completion; only a sender running past close
        // finds it gone, and then the future already failed as left in the spool.
        futures.remove(r.spooled.seq);
      }
      return true;
    }
    return memory.take(r);
  }

  @Override
  public boolean isEmpty() {
    return peek() == null;
  }
}

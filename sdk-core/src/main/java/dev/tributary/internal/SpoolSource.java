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
  private final Spool spool;
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

  void rememberFuture(long seq, CompletableFuture<RecordMetadata> future) {
    futures.put(seq, future);
  }

  /** The spool cannot take records (disk error): let the sender read memory directly. */
  void fallBackToMemory(boolean on) {
    memoryFallback = on;
  }

  @Override
  public PendingRecord peek() {
    if (next == null) {
      SpoolEntry e = spool.peek();
      if (e != null) {
        spool.poll();
        CompletableFuture<RecordMetadata> f = e.thisRun ? futures.remove(e.seq) : null;
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
      return true;
    }
    return memory.take(r);
  }

  @Override
  public boolean isEmpty() {
    return peek() == null;
  }
}

package dev.tributary.internal.spool;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Counters of one spool, read by the producer's metrics. */
public final class SpoolStats {
  final LongAdder spooledRecords = new LongAdder();
  final LongAdder spooledBytes = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder corruptRegions = new LongAdder();
  final LongAdder skippedBytes = new LongAdder();
  final LongAdder droppedByCap = new LongAdder();
  final LongAdder droppedByCapThisRun = new LongAdder();
  private final Consumer<String> warn;

  SpoolStats(Consumer<String> warn) {
    this.warn = warn;
  }

  void corruptRegion(Path file) {
    corruptRegions.increment();
    warn.accept("Spool file " + file + " holds a corrupt or torn frame; skipping to the next "
        + "valid one (" + corruptRegions.sum() + " corrupt region(s) so far)");
  }

  public long spooledRecords() {
    return spooledRecords.sum();
  }

  public long spooledBytes() {
    return spooledBytes.sum();
  }

  public long replayed() {
    return replayed.sum();
  }

  public long corruptRegions() {
    return corruptRegions.sum();
  }

  public long skippedBytes() {
    return skippedBytes.sum();
  }

  public long droppedByCap() {
    return droppedByCap.sum();
  }

  /** Of {@link #droppedByCap()}, the records the current run had written. */
  public long droppedByCapThisRun() {
    return droppedByCapThisRun.sum();
  }
}

package dev.tributary.internal.spool;

import dev.tributary.TributaryRecord;

/** A record read back from the spool, with what the producer needs to acknowledge it. */
public final class SpoolEntry {
  public final TributaryRecord record;
  /** True when the current producer run wrote it; false when it is replayed from an earlier run. */
  public final boolean thisRun;
  /** Its sequence number within the run that wrote it. */
  public final long seq;
  final Segment segment;
  /** Where its frame starts in the segment file. */
  final long position;
  volatile boolean acked;

  SpoolEntry(TributaryRecord record, boolean thisRun, long seq, Segment segment,
      long position) {
    this.record = record;
    this.thisRun = thisRun;
    this.seq = seq;
    this.segment = segment;
    this.position = position;
  }

  /** The record left the pipeline for good (delivered or rejected); its segment may go. */
  public void ack() {
    acked = true;
    segment.acked.incrementAndGet();
  }
}

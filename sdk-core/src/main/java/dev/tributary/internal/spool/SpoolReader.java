package dev.tributary.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Reads frames back in order, across segments, up to what the writer has committed. Skips a
 * corrupt region (bad magic, length or checksum) by searching for the next valid frame, and a
 * torn tail at the end of a sealed segment, counting each. Starts at the acknowledged
 * position of the last checkpoint. Keeps the records it produced until they are acknowledged,
 * in order, to tell the acknowledged position. Sender thread (and the checkpoint, under the
 * spool's lock).
 */
final class SpoolReader {
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final long runId;
  private final SpoolStats stats;
  private ByteBuffer buf = ByteBuffer.allocate(256 << 10).flip();
  private Segment segment;
  private long filePos;
  private SpoolEntry next;
  private boolean skipping;
  private final Checkpoint.Position start;
  /** Records produced and not yet known to be acknowledged, in the order they were read. */
  private final ArrayDeque<SpoolEntry> unacked = new ArrayDeque<>();

  SpoolReader(ConcurrentSkipListMap<Long, Segment> segments, long runId, SpoolStats stats,
      Checkpoint.Position start) {
    this.segments = segments;
    this.runId = runId;
    this.stats = stats;
    this.start = start;
  }

  /**
   * Where everything before is acknowledged: the oldest record read and not acknowledged, or
   * where reading goes on. Null before anything was read.
   */
  Checkpoint.Position acknowledged() {
    SpoolEntry head;
    while ((head = unacked.peekFirst()) != null && (head.acked || head.segment.deleted)) {
      unacked.pollFirst();
    }
    if (head != null) {
      return new Checkpoint.Position(head.segment.id, head.position);
    }
    if (segment == null) {
      return null;
    }
    return new Checkpoint.Position(segment.id, filePos - buf.remaining());
  }

  private void enter(Segment s) {
    segment = s;
    // The checkpoint's segment is read from the acknowledged position on.
    filePos = s.id == start.segment() ? Math.min(start.offset(), s.committed) : 0;
    buf.clear().flip();
    skipping = false;
  }

  SpoolEntry peek() throws IOException {
    if (next == null) {
      next = read();
    }
    return next;
  }

  SpoolEntry poll() throws IOException {
    SpoolEntry e = peek();
    next = null;
    return e;
  }

  /** Whether every frame of {@code s} committed so far was read (and none is held). */
  boolean caughtUpWith(Segment s) {
    return s.fullyRead || (segment == s && next == null && !buf.hasRemaining()
        && filePos >= s.committed);
  }

  /** The segment being read, or null; the cap must not delete it from under the reader. */
  Segment current() {
    return segment;
  }

  /** Moves past {@code s} because it was deleted (cap reached). */
  void skipDeleted(Segment s) {
    if (segment == s) {
      next = null;
      segment = null;
      buf.clear().flip();
    }
  }

  private SpoolEntry read() throws IOException {
    while (true) {
      if (segment == null || segment.deleted) {
        Map.Entry<Long, Segment> first = segment == null ? segments.firstEntry()
            : segments.higherEntry(segment.id);
        if (first == null) {
          return null;
        }
        enter(first.getValue());
      }
      int r = Frame.check(buf);
      if (r > 0) {
        skipping = false;
        int end = buf.position() + r;
        long position = filePos - buf.remaining();
        Frame.Decoded d = Frame.read(buf);
        buf.position(end);
        segment.emitted.incrementAndGet();
        boolean mine = d.runId() == runId;
        if (!mine) {
          stats.replayed.increment();
        }
        SpoolEntry e = new SpoolEntry(d.record(), mine, d.seq(), segment, position);
        unacked.addLast(e);
        return e;
      }
      if (r < 0) {
        if (!skipping) {
          skipping = true;
          stats.corruptRegion(segment.path);
        }
        buf.position(buf.position() + 1);
        stats.skippedBytes.increment();
        continue;
      }
      // r == 0: the buffer holds a partial frame (or nothing); read more of the file.
      long committed = segment.committed;
      boolean sealed = segment.sealed;
      if (filePos < committed) {
        fill(committed);
        continue;
      }
      if (!sealed) {
        return null; // caught up with the writer
      }
      if (buf.hasRemaining()) {
        // Bytes that never form a whole frame: a write torn by a crash, or a length field
        // damaged mid-file. Step over them one byte at a time; a valid frame after them is kept.
        if (!skipping) {
          skipping = true;
          stats.corruptRegion(segment.path);
        }
        buf.position(buf.position() + 1);
        stats.skippedBytes.increment();
        continue;
      }
      segment.fullyRead = true;
      Map.Entry<Long, Segment> after = segments.higherEntry(segment.id);
      if (after == null) {
        return null;
      }
      enter(after.getValue());
    }
  }

  private void fill(long committed) throws IOException {
    buf.compact();
    if (!buf.hasRemaining()) {
      // A frame larger than the buffer: grow to hold it.
      ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
    int want = (int) Math.min(buf.remaining(), committed - filePos);
    int limitBefore = buf.limit();
    buf.limit(buf.position() + want);
    int n = 0;
    while (buf.hasRemaining()) {
      int k = segment.channel.read(buf, filePos + n);
      if (k < 0) {
        break;
      }
      n += k;
    }
    buf.limit(limitBefore);
    filePos += n;
    buf.flip();
  }
}

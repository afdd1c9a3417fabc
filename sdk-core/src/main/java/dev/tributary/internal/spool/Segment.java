package dev.tributary.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file of the spool. The writer appends whole frames and then publishes how many bytes are
 * readable ({@link #committed}); once it rolls to the next file the segment is sealed. A segment
 * is deleted when sealed, read to its end, and every record read from it was acknowledged.
 */
final class Segment {
  final long id;
  final Path path;
  final FileChannel channel;
  /** Bytes of whole frames the reader may read. Written by the writer only. */
  volatile long committed;
  volatile boolean sealed;
  /** Set by the reader once it has read every frame of a sealed segment. */
  volatile boolean fullyRead;
  /** Records the reader produced from this segment, and how many of those completed. */
  final AtomicLong emitted = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  volatile boolean deleted;

  private Segment(long id, Path path, FileChannel channel, long committed, boolean sealed) {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.committed = committed;
    this.sealed = sealed;
  }

  static String fileName(long id) {
    return String.format("%020d.seg", id);
  }

  /** A new, empty segment to append to. */
  static Segment create(Path dir, long id, Spool.ChannelOpener opener) throws IOException {
    Path p = dir.resolve(fileName(id));
    FileChannel ch = opener.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new Segment(id, p, ch, 0, false);
  }

  /** A segment left by an earlier run: sealed, readable to its current length. */
  static Segment reopen(Path p, long id, Spool.ChannelOpener opener) throws IOException {
    FileChannel ch = opener.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      return new Segment(id, p, ch, ch.size(), true);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  boolean isDeletable() {
    return sealed && fullyRead && acked.get() >= emitted.get();
  }

  /** Closes and removes the file; safe to call twice. */
  synchronized void delete() throws IOException {
    if (!deleted) {
      deleted = true;
      channel.close();
      Files.deleteIfExists(path);
    }
  }

  long sizeOnDisk() {
    return committed;
  }
}

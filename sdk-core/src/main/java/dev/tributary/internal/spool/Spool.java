package dev.tributary.internal.spool;

import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A segmented, append-only log of records on local disk, each framed with its length and a
 * CRC32C. One writer thread appends ({@link #append}, {@link #commit}); the sender thread reads
 * back in order ({@link #peek}, {@link #poll}); any thread acknowledges ({@link #ack}). A segment
 * is deleted once it is sealed, fully read and every record read from it was acknowledged, so a
 * record leaves the disk only after the destination has it (or rejected it for good).
 *
 * <p>Segments left by an earlier run are read first, from the acknowledged position its
 * last {@link Checkpoint} recorded: the writer persists that position with each sync (at
 * most once per sync interval, or per second without syncs) and at close, so a crash resends
 * at most the records read after the oldest one unacknowledged at the last checkpoint. A
 * lock file keeps two producers off one directory.
 */
public final class Spool implements AutoCloseable {
  public static final String LOCK_FILE = DirectoryLock.FILE;

  /** Opens segment files; tests substitute one that fails like a full disk. */
  @FunctionalInterface
  public interface ChannelOpener {
    ChannelOpener DEFAULT = FileChannel::open;

    FileChannel open(Path path, java.nio.file.OpenOption... options) throws IOException;
  }

  private static final String SETTING = "spoolDir";

  /** How often the acknowledged position is persisted when data is never synced. */
  private static final long DEFAULT_CHECKPOINT_NANOS = 1_000_000_000L;

  private final Path dir;
  private final long maxBytes;
  private final int segmentBytes;
  private final long syncIntervalNanos;
  private final boolean dropOldestWhenFull;
  private final long runId;
  private final DirectoryLock lock;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final SpoolStats stats;
  private final SpoolReader reader;
  private final Consumer<String> warn;
  private final ChannelOpener opener;
  private final Checkpoint checkpoint;
  private final long checkpointIntervalNanos;
  private long lastCheckpointNanos;
  private boolean checkpointFailed;
  /** Segments with a lower id were left by earlier runs. */
  private final long firstOwnSegment;
  private ByteBuffer writeBuf = ByteBuffer.allocate(1 << 20);
  private Segment active;
  private long lastSyncNanos;
  private boolean unsynced;
  private int buffered;

  private Spool(Path dir, long maxBytes, int segmentBytes, long syncIntervalNanos,
      boolean dropOldestWhenFull, Consumer<String> warn, DirectoryLock lock,
      ChannelOpener opener) throws IOException {
    this.dir = dir;
    this.opener = opener;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.syncIntervalNanos = syncIntervalNanos;
    this.dropOldestWhenFull = dropOldestWhenFull;
    this.warn = warn;
    this.lock = lock;
    this.runId = System.nanoTime() ^ Double.doubleToLongBits(Math.random());
    this.stats = new SpoolStats(warn);
    long nextId = 0;
    Checkpoint ckpt = null;
    try {
      ckpt = Checkpoint.open(dir);
      Checkpoint.Position acked = ckpt.position();
      // Ids only grow, across runs too: a checkpoint must never name a later run's segment.
      nextId = acked.segment() + 1;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
        for (Path p : files) {
          String name = p.getFileName().toString();
          long id = Long.parseLong(name.substring(0, name.length() - 4));
          nextId = Math.max(nextId, id + 1);
          if (id < acked.segment()) {
            Files.deleteIfExists(p); // every record in it was acknowledged
            continue;
          }
          segments.put(id, Segment.reopen(p, id, opener));
        }
      } catch (NumberFormatException e) {
        throw new IOException("unexpected .seg file name in " + dir, e);
      }
      this.firstOwnSegment = nextId;
      this.active = Segment.create(dir, nextId, opener);
    } catch (IOException | RuntimeException e) {
      // Do not leak the files already opened: the caller only releases the lock.
      for (Segment s : segments.values()) {
        closeQuietly(s.channel);
      }
      closeQuietly(ckpt);
      throw e;
    }
    segments.put(active.id, active);
    this.checkpoint = ckpt;
    this.checkpointIntervalNanos = syncIntervalNanos == Long.MAX_VALUE
        ? DEFAULT_CHECKPOINT_NANOS : syncIntervalNanos;
    this.reader = new SpoolReader(segments, runId, stats, ckpt.position());
  }

  /**
   * Opens (creating if needed) and locks {@code dir}.
   *
   * @param syncIntervalNanos 0 to force every commit to disk, {@code Long.MAX_VALUE} never
   * @param dropOldestWhenFull at {@code maxBytes}, delete the oldest segment instead of refusing
   *     new records
   * @throws TributaryConfigException naming {@code spoolDir} when the directory cannot be
   *     created, written or locked
   */
  public static Spool open(Path dir, long maxBytes, int segmentBytes, long syncIntervalNanos,
      boolean dropOldestWhenFull, Consumer<String> warn) {
    return open(dir, maxBytes, segmentBytes, syncIntervalNanos, dropOldestWhenFull, warn,
        ChannelOpener.DEFAULT);
  }

  /** As {@link #open(Path, long, int, long, boolean, Consumer)}, opening segments with {@code opener}. */
  public static Spool open(Path dir, long maxBytes, int segmentBytes, long syncIntervalNanos,
      boolean dropOldestWhenFull, Consumer<String> warn, ChannelOpener opener) {
    DirectoryLock lock = null;
    try {
      lock = DirectoryLock.acquire(dir);
      return new Spool(dir, maxBytes, segmentBytes, syncIntervalNanos, dropOldestWhenFull, warn,
          lock, opener);
    } catch (IOException | SecurityException e) {
      if (lock != null) {
        lock.release();
      }
      throw new TributaryConfigException(SETTING, dir.toString(), "the directory must be "
          + "creatable and writable (" + e + ")", e);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.release();
      }
      throw e;
    }
  }

  /**
   * When another producer of this JVM holds {@code dir}: a future completed when it closes
   * its spool, so a producer replacing it (a configuration reload) can take the directory
   * over then. Null when no producer of this JVM holds it.
   */
  public static CompletableFuture<Void> heldInThisJvm(Path dir) {
    return DirectoryLock.heldInThisJvm(dir);
  }

  // ---- writer thread ----

  /** Buffers the frame of {@code r}; {@link #commit} writes it. */
  public void append(long seq, TributaryRecord r) throws IOException {
    int need = Frame.maxSize(r);
    if (writeBuf.remaining() < need) {
      commit();
      if (writeBuf.capacity() < need) {
        writeBuf = ByteBuffer.allocate(need);
      }
    }
    Frame.write(writeBuf, runId, seq, r);
    buffered++;
  }

  /** Writes buffered frames, publishes them to the reader, rolls and syncs per policy. */
  public void commit() throws IOException {
    if (writeBuf.position() == 0) {
      return;
    }
    writeBuf.flip();
    int n = writeBuf.remaining();
    long pos = active.committed;
    try {
      while (writeBuf.hasRemaining()) {
        pos += active.channel.write(writeBuf, pos);
      }
    } catch (IOException e) {
      // The caller keeps the records in memory; drop the partial write from the buffer. Bytes
      // past `committed` that did reach the file are overwritten by the next commit.
      writeBuf.clear();
      buffered = 0;
      throw e;
    }
    writeBuf.clear();
    stats.spooledBytes.add(n);
    stats.spooledRecords.add(buffered);
    buffered = 0;
    unsynced = true;
    if (syncIntervalNanos == 0) {
      sync();
    }
    active.committed = pos;
  }

  /**
   * Starts a new segment if the active one is full. Separate from {@link #commit} so that a
   * failure here (no space for a new file) never puts already-committed records in doubt.
   */
  public void maybeRoll() throws IOException {
    if (active.committed >= segmentBytes) {
      roll();
    }
  }

  private void roll() throws IOException {
    Segment old = active;
    if (syncIntervalNanos != Long.MAX_VALUE) {
      old.channel.force(false);
    }
    active = Segment.create(dir, old.id + 1, opener);
    segments.put(active.id, active);
    old.sealed = true;
  }

  /**
   * Forces written data to disk if the sync interval has passed, and persists the
   * acknowledged position with it (writer thread).
   */
  public void maybeSync(long nowNanos) throws IOException {
    if (unsynced && syncIntervalNanos != Long.MAX_VALUE
        && nowNanos - lastSyncNanos >= syncIntervalNanos) {
      sync();
      lastSyncNanos = nowNanos;
    }
    if (nowNanos - lastCheckpointNanos >= checkpointIntervalNanos) {
      lastCheckpointNanos = nowNanos;
      writeCheckpoint();
    }
  }

  /**
   * Persists the acknowledged position if it moved. A failure costs only resends after a
   * crash, so it is reported, not thrown.
   */
  public void writeCheckpoint() {
    Checkpoint.Position p;
    synchronized (this) {
      p = reader.acknowledged();
    }
    if (p == null) {
      return;
    }
    try {
      checkpoint.write(p, syncIntervalNanos != Long.MAX_VALUE);
      checkpointFailed = false;
    } catch (IOException e) {
      if (!checkpointFailed) {
        checkpointFailed = true;
        warn.accept("Spool " + dir + ": cannot record the acknowledged position (" + e
            + "); after a crash, acknowledged records may be sent again");
      }
    }
  }

  private void sync() throws IOException {
    active.channel.force(false);
    unsynced = false;
  }

  /**
   * Deletes acknowledged segments and enforces the size cap. Returns false when the spool is
   * at its cap and must refuse new records (policy other than dropping the oldest segment).
   */
  public boolean cleanup() throws IOException {
    for (Segment s : segments.values()) {
      if (s != active && s.isDeletable()) {
        remove(s);
      }
    }
    long used = diskUsage();
    while (used > maxBytes) {
      Map.Entry<Long, Segment> oldest = segments.firstEntry();
      if (!dropOldestWhenFull || oldest == null || oldest.getValue() == active) {
        return false;
      }
      Segment s = oldest.getValue();
      long unread = countUnread(s);
      stats.droppedByCap.add(unread);
      warn.accept("Spool reached its cap of " + maxBytes + " bytes: deleted its oldest segment "
          + s.path.getFileName() + " with " + unread + " unsent record(s)");
      remove(s);
      used = diskUsage();
    }
    return true;
  }

  /** Under the reader's lock, so the reader never holds a segment being deleted. */
  private synchronized void remove(Segment s) throws IOException {
    reader.skipDeleted(s);
    segments.remove(s.id);
    s.delete();
  }

  /**
   * Records in {@code s} the reader has not produced yet, counted by scanning the file; those
   * this run wrote are also added to {@link SpoolStats#droppedByCapThisRun}.
   */
  private long countUnread(Segment s) throws IOException {
    if (s.fullyRead) {
      return 0;
    }
    long total = 0;
    long mine = 0;
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, s.committed));
    s.channel.read(b, 0);
    b.flip();
    while (b.hasRemaining()) {
      int r = Frame.check(b);
      if (r > 0) {
        total++;
        if (total > s.emitted.get() && b.getLong(b.position() + Frame.HEADER_BYTES) == runId) {
          mine++;
        }
        b.position(b.position() + r);
      } else {
        b.position(b.position() + 1);
      }
    }
    stats.droppedByCapThisRun.add(mine);
    return Math.max(0, total - s.emitted.get());
  }

  /** True once every record left by earlier runs was read and acknowledged. */
  public boolean replayDone() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    return first == null || first.getKey() >= firstOwnSegment;
  }

  /** Bytes held by all segments. */
  public long diskUsage() {
    long used = 0;
    for (Segment s : segments.values()) {
      used += s.sizeOnDisk();
    }
    return used;
  }

  // ---- reader (sender thread) ----

  public synchronized SpoolEntry peek() {
    try {
      return reader.peek();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized SpoolEntry poll() {
    try {
      return reader.poll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- any thread ----

  /** The record left the pipeline for good (delivered or rejected); its segment may go. */
  public void ack(SpoolEntry e) {
    e.ack();
  }

  public SpoolStats stats() {
    return stats;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Syncs and releases the directory. Unacknowledged records stay for the next run; segments
   * whose every record was delivered are deleted, the active one included.
   */
  @Override
  public void close() {
    try {
      commit();
      for (Segment s : segments.values()) {
        boolean done;
        synchronized (this) {
          done = reader.caughtUpWith(s) && s.acked.get() >= s.emitted.get();
        }
        if (done) {
          remove(s);
        }
      }
      if (syncIntervalNanos != Long.MAX_VALUE && !active.deleted) {
        active.channel.force(false); // unless it was just deleted: everything was delivered
      }
    } catch (IOException e) {
      warn.accept("Spool " + dir + ": final write failed: " + e);
    }
    writeCheckpoint();
    closeQuietly(checkpoint);
    for (Segment s : segments.values()) {
      closeQuietly(s.channel);
    }
    if (active.committed == 0 && !active.deleted) {
      try {
        Files.deleteIfExists(active.path);
      } catch (IOException ignored) {
        // an empty segment left behind is harmless
      }
    }
    lock.release(); // a producer waiting to take this directory over may now
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort on a path that is already failing or finishing
      }
    }
  }
}

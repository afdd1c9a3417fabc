package dev.tributary.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The acknowledged position of a spool, persisted: every frame before it (earlier segments,
 * and earlier frames of its segment) left the pipeline for good, so a restart after a crash
 * skips them instead of sending them again. One 28-byte record ({@code magic segment offset
 * crc}) rewritten in place with one positioned write: a process crash cannot tear it, and a
 * torn write after a power loss fails the checksum, which only means resending more.
 */
final class Checkpoint implements AutoCloseable {
  static final String FILE = "acked.ckpt";
  private static final int MAGIC = 0x54524B31; // "TRK1"
  private static final int BYTES = 4 + 8 + 8 + 4;

  /** A position in the spool: segment id, byte offset of a frame start in it. */
  record Position(long segment, long offset) implements Comparable<Position> {
    static final Position START = new Position(-1, 0);

    @Override
    public int compareTo(Position o) {
      int c = Long.compare(segment, o.segment);
      return c != 0 ? c : Long.compare(offset, o.offset);
    }
  }

  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocate(BYTES);
  private Position written;

  private Checkpoint(FileChannel channel, Position written) {
    this.channel = channel;
    this.written = written;
  }

  /** Opens (creating) the checkpoint of {@code dir} and reads the position it holds. */
  static Checkpoint open(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      return new Checkpoint(ch, read(ch));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static Position read(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
      // read it all
    }
    if (b.hasRemaining() || b.getInt(0) != MAGIC) {
      return Position.START;
    }
    long segment = b.getLong(4);
    long offset = b.getLong(12);
    if (b.getInt(20) != crc(b) || segment < 0 || offset < 0) {
      return Position.START; // torn or damaged: resend rather than skip
    }
    return new Position(segment, offset);
  }

  private static int crc(ByteBuffer b) {
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 20);
    return (int) crc.getValue();
  }

  /** The position last written (or read at open). */
  Position position() {
    return written;
  }

  /**
   * Persists {@code p} if it moved forward; forces it to disk when {@code force} (the spool's
   * sync policy). Cheap: one 24-byte positioned write.
   */
  void write(Position p, boolean force) throws IOException {
    if (p.compareTo(written) <= 0) {
      return;
    }
    buf.clear();
    buf.putInt(MAGIC).putLong(p.segment()).putLong(p.offset());
    buf.putInt(crc(buf));
    buf.flip();
    long pos = 0;
    while (buf.hasRemaining()) {
      pos += channel.write(buf, pos);
    }
    if (force) {
      channel.force(false);
    }
    written = p;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

package dev.tributary.internal.spool;

import dev.tributary.TributaryRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one record: {@code magic:int len:int crc32c:int payload[len]}.
 *
 * <p>The payload holds the id of the producer run that wrote it, the record's sequence number
 * within that run, its timestamp, topic, key, value and headers.
 * The CRC covers the payload; the magic lets recovery find the next frame after a corrupt one.
 */
final class Frame {
  /** "TRB1": marks the start of every frame. */
  static final int MAGIC = 0x54524231;
  static final int HEADER_BYTES = 12;
  /** No frame is larger; a length beyond it marks a corrupt header. */
  static final int MAX_PAYLOAD = 64 << 20;

  private Frame() {}

  /** An upper bound on the bytes {@link #write} uses for {@code r}. */
  static int maxSize(TributaryRecord r) {
    int n = HEADER_BYTES + 8 + 8 + 8 + 4 + utf8Length(r.topic()) + 4 + (r.key() == null ? 0
        : r.key().length) + 4 + r.value().length + 4;
    for (TributaryRecord.Header h : r.headers()) {
      n += 4 + utf8Length(h.key()) + 4 + h.value().length;
    }
    return n;
  }

  /** Appends the frame for {@code r}, written by run {@code runId} as its {@code seq}th. */
  static void write(ByteBuffer out, long runId, long seq, TributaryRecord r) {
    int start = out.position();
    out.position(start + HEADER_BYTES);
    int payloadStart = out.position();
    out.putLong(runId);
    out.putLong(seq);
    out.putLong(r.timestampMs());
    putBytes(out, r.topic().getBytes(StandardCharsets.UTF_8));
    putBytes(out, r.key());
    putBytes(out, r.value());
    List<TributaryRecord.Header> headers = r.headers();
    out.putInt(headers.size());
    for (TributaryRecord.Header h : headers) {
      putBytes(out, h.key().getBytes(StandardCharsets.UTF_8));
      putBytes(out, h.value());
    }
    int len = out.position() - payloadStart;
    CRC32C crc = new CRC32C();
    crc.update(out.array(), out.arrayOffset() + payloadStart, len);
    out.putInt(start, MAGIC);
    out.putInt(start + 4, len);
    out.putInt(start + 8, (int) crc.getValue());
  }

  /**
   * Whether {@code buf}, from its position, starts with a complete frame whose checksum holds.
   * Returns the frame's total length, 0 when more bytes are needed to tell, or -1 when the bytes
   * at the position are not a valid frame.
   */
  static int check(ByteBuffer buf) {
    int p = buf.position();
    if (buf.remaining() < HEADER_BYTES) {
      return 0;
    }
    if (buf.getInt(p) != MAGIC) {
      return -1;
    }
    int len = buf.getInt(p + 4);
    if (len < 40 || len > MAX_PAYLOAD) {
      return -1;
    }
    if (buf.remaining() < HEADER_BYTES + len) {
      return 0;
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), buf.arrayOffset() + p + HEADER_BYTES, len);
    return (int) crc.getValue() == buf.getInt(p + 8) ? HEADER_BYTES + len : -1;
  }

  /** A decoded frame. */
  record Decoded(long runId, long seq, TributaryRecord record) {}

  /** Decodes the checked frame at the buffer's position and advances past it. */
  static Decoded read(ByteBuffer buf) {
    buf.getInt(); // magic
    buf.getInt(); // len
    buf.getInt(); // crc
    long runId = buf.getLong();
    long seq = buf.getLong();
    long ts = buf.getLong();
    String topic = new String(getBytes(buf), StandardCharsets.UTF_8);
    byte[] key = getBytes(buf);
    byte[] value = getBytes(buf);
    TributaryRecord.Builder b = TributaryRecord.builder(topic).key(key).value(value)
        .timestampMs(ts);
    int headers = buf.getInt();
    for (int i = 0; i < headers; i++) {
      String hk = new String(getBytes(buf), StandardCharsets.UTF_8);
      b.header(hk, getBytes(buf));
    }
    return new Decoded(runId, seq, b.build());
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    if (bytes == null) {
      out.putInt(-1);
    } else {
      out.putInt(bytes.length);
      out.put(bytes);
    }
  }

  private static byte[] getBytes(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}

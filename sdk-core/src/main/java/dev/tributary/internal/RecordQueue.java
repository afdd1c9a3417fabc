package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.TributaryRecord.Header;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records waiting for the sender, kept as bytes in a chain of large reused chunks rather
 * than as objects: many producers, consumers one at a time.
 *
 * <p>Why bytes: during an outage the queue holds up to the whole buffer for minutes. Held as
 * objects (record, value array, headers, queue node), every young collection would copy them,
 * and the pause grows with the backlog — a 32 MiB backlog cost 80–200 ms pauses on two cores.
 * Chunks are a few large arrays; a queued record is no object at all. Objects exist only for
 * records the sender has taken, and for the rare record too large to keep inline (larger than
 * a sixteenth of a chunk), which is kept aside as the object it came as.
 *
 * <p>Why these chunk sizes: the chunks are the buffer's memory, so what they hold beyond the
 * records — the unfilled end of the newest chunk, the consumed start of the oldest — is what
 * the buffer costs beyond its byte bound. A chunk is about a thirty-second of the
 * buffer, so that is a few percent of it. Under G1 a chunk of half a region or more is a
 * humongous object that the collector never copies, but it takes whole regions: a chunk of
 * 2 MiB and 16 bytes of header took three 1 MiB regions (1.5× its size; 2× with 2 MiB regions).
 * So a chunk that large is sized to fill whole regions exactly, and one that cannot be is kept
 * just under half a region, an ordinary array.
 *
 * <p>Why spare chunks: emptied chunks are cleared and kept for the producers' next chunks, up to
 * a quarter of the buffer's, because a fresh chunk costs the logging thread that needs it the
 * allocation, the zeroing and the page faults of a large array (at 4 threads logging as fast as
 * Kafka takes records, 142 ns of the 1.16 µs of processor time a logging thread spent per
 * delivered record, with one spare). The queue's depth swings by several chunks while the
 * transport catches up, so one spare was not enough. Spares only
 * exist while the queue is shallower than it was: a chunk is allocated only when none is spare,
 * so chunks and spares together never exceed the most the queue ever held, and the buffer's
 * bound holds. Once the queue has needed no chunk for {@link #SPARE_IDLE_NANOS}, the next empty
 * read lets all but one spare go, so an idle producer keeps little beyond its two chunks.
 *
 * <p>Appending is lock-free: a producer claims room in the tail chunk with a compare-and-set on
 * the chunk's claimed length, copies the record in, and then publishes the entry's length with
 * release semantics. The one producer whose claim crosses the chunk's end marks it full,
 * writes a padding marker and links the next chunk. A full chunk stays full: its array is
 * reused once consumers are done with it, but under a new chunk object, so a producer still
 * holding the old one can never claim room in the array again. Consumers
 * (the sender, the spool writer, and callers evicting under DROP_OLDEST) take turns under a
 * lock, read entries in claim order, and stop at the first one not yet published.
 *
 * <p>Entry layout, little-endian, 8-byte aligned: {@code len:int} (the whole entry, written
 * last), {@code createdNanos:long timestampMs:long futureId:long topic:str key:bytes
 * value:bytes headerCount:int (key:str value:bytes)*}, where {@code bytes} is a length (-1 for
 * null) and the bytes, and {@code str} is the id of a string seen before, or -1 followed by its
 * UTF-8 bytes. A record kept aside has {@code -2} in place of its topic, followed by its
 * {@code id:long} in the table of such records.
 */
final class RecordQueue {
  /** The smallest chunk, for small buffers. */
  static final int MIN_CHUNK_BYTES = 64 << 10;
  /** The largest chunk, for very large buffers. */
  static final int MAX_CHUNK_BYTES = 32 << 20;
  /** A chunk is about this fraction of the buffer, so the chunks' slack is a few percent. */
  static final int CHUNKS_PER_BUFFER = 32;
  /**
   * Room left in a chunk's regions for the array's header (16 bytes with compressed class
   * pointers, 24 without) and a filler object, so a chunk never spills into one more region.
   */
  static final int ARRAY_HEADROOM = 64;
  /** A record whose entry exceeds this fraction of a chunk is kept aside, as an object. */
  private static final int INLINE_FRACTION = 16;
  private static final int PADDING = -1;
  private static final int ASIDE = -2;
  private static final int FIXED_BYTES = 4 + 8 + 8 + 8 + 4 + 4 + 4 + 4;
  private static final int ASIDE_BYTES = 4 + 8 + 8 + 8 + 4 + 8;
  /** Header names with ids below this have their last header kept for reuse on reads. */
  private static final int LAST_HEADER_IDS = 64;
  /** Strings (topics, header keys) given ids; beyond this, they are written out each time. */
  private static final int MAX_STRING_IDS = 4096;
  /** Spare chunks are up to this fraction of the buffer's chunks (see the class comment). */
  private static final int SPARE_FRACTION = 4;
  private static final int MAX_SPARES = 64;
  /** After this long without needing a chunk, an empty queue keeps one spare. */
  static final long SPARE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle TAIL;
  private static final VarHandle CLAIMED;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(RecordQueue.class, "tail", Chunk.class);
      CLAIMED = lookup.findVarHandle(Chunk.class, "claimed", int.class);
      NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int chunkBytes;
  private final int inlineBytes;
  private final long deliveryTimeoutNanos;
  private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spares = new AtomicInteger();
  private final int maxSpares;
  /** When a producer last needed a new chunk (spare or fresh); read by the idle trim. */
  private volatile long chunkNeededNanos = System.nanoTime();
  private final Object internLock = new Object();
  private final ConcurrentHashMap<String, Integer> stringIds = new ConcurrentHashMap<>();
  private volatile String[] strings = new String[0];
  private final ConcurrentHashMap<Long, CompletableFuture<RecordMetadata>> futures =
      new ConcurrentHashMap<>();
  private final AtomicLong futureIds = new AtomicLong();
  /** Records too large to keep inline, by the id their entry holds. */
  private final ConcurrentHashMap<Long, TributaryRecord> aside = new ConcurrentHashMap<>();
  private final AtomicLong asideIds = new AtomicLong();
  private final AtomicInteger chunksAllocated = new AtomicInteger();

  @SuppressWarnings("unused") // through TAIL
  private volatile Chunk tail;
  /** Consumer side, guarded by {@code this}. */
  private Chunk head;
  /** A record read but not yet taken: what {@link #peek} returned. Guarded by {@code this}. */
  private PendingRecord peeked;
  /**
   * The last header read for each of the first header names with an id, reused when the next
   * record carries the same bytes (an appender's level and logger repeat endlessly), so a read
   * copies and allocates nothing for it. Guarded by {@code this}.
   */
  private final Header[] lastHeaders = new Header[LAST_HEADER_IDS];

  /** A queue for a buffer of {@code bufferBytes}, its chunks sized for the running collector. */
  static RecordQueue forBuffer(long bufferBytes, long deliveryTimeoutNanos) {
    int chunkBytes = chunkBytesFor(bufferBytes, RegionSize.BYTES);
    long chunks = (bufferBytes + chunkBytes - 1) / chunkBytes;
    return new RecordQueue(chunkBytes, inlineBytesFor(chunkBytes), deliveryTimeoutNanos,
        (int) Math.max(1, Math.min(chunks / SPARE_FRACTION, MAX_SPARES)));
  }

  /** A queue with chunks of exactly {@code chunkBytes} (rounded up to 8) and one spare. */
  RecordQueue(int chunkBytes, long deliveryTimeoutNanos) {
    this(chunkBytes, inlineBytesFor(chunkBytes), deliveryTimeoutNanos, 1);
  }

  /** Records up to a sixteenth of a chunk (rounded up to 8) are kept inline. */
  private static int inlineBytesFor(int chunkBytes) {
    return ((chunkBytes + 7) & ~7) / INLINE_FRACTION;
  }

  /**
   * A queue with chunks of exactly {@code chunkBytes} (rounded up to 8) that keeps records of
   * up to {@code inlineBytes} inline (tests use whole chunks, to exercise chunk ends).
   */
  RecordQueue(int chunkBytes, int inlineBytes, long deliveryTimeoutNanos) {
    this(chunkBytes, inlineBytes, deliveryTimeoutNanos, 1);
  }

  /** As above, keeping up to {@code maxSpares} emptied chunks for reuse. */
  RecordQueue(int chunkBytes, int inlineBytes, long deliveryTimeoutNanos, int maxSpares) {
    this.chunkBytes = (chunkBytes + 7) & ~7;
    this.inlineBytes = Math.min(inlineBytes, this.chunkBytes);
    this.deliveryTimeoutNanos = deliveryTimeoutNanos;
    this.maxSpares = maxSpares;
    Chunk first = newChunk();
    this.head = first;
    this.tail = first;
  }

  /**
   * The chunk size for a buffer of {@code bufferBytes} under G1 regions of {@code regionBytes}
   * (0 under another collector): about a thirty-second of the buffer; if that makes it
   * humongous, whole regions less {@link #ARRAY_HEADROOM}, else at most just under half a
   * region, so it is never a humongous object with a region's unused tail.
   */
  static int chunkBytesFor(long bufferBytes, long regionBytes) {
    long target = Math.max(MIN_CHUNK_BYTES,
        Math.min(MAX_CHUNK_BYTES, bufferBytes / CHUNKS_PER_BUFFER));
    long size = target;
    if (regionBytes > 0) {
      long regions = (target + ARRAY_HEADROOM) / regionBytes;
      if (regions >= 1) {
        size = regions * regionBytes - ARRAY_HEADROOM;
      } else if (target + ARRAY_HEADROOM >= regionBytes / 2) {
        size = regionBytes / 2 - ARRAY_HEADROOM;
      }
    }
    return (int) (size & ~7L);
  }

  /** G1's region size, or 0 under another collector. Asked once per JVM: the MXBeans are slow. */
  private static final class RegionSize {
    static final long BYTES = g1RegionBytes();
  }

  private static long g1RegionBytes() {
    try {
      String v = ManagementFactory.getPlatformMXBean(
          com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("G1HeapRegionSize")
          .getValue();
      return Long.parseLong(v);
    } catch (RuntimeException | LinkageError e) {
      return 0;
    }
  }

  int chunkBytes() {
    return chunkBytes;
  }

  /** Chunks created so far (for tests: reuse keeps this small). */
  int chunksAllocated() {
    return chunksAllocated.get();
  }

  /** Bytes {@code r} takes in a chunk: inline, or as the entry of a record kept aside. */
  int entryBytes(TributaryRecord r) {
    if (r.sizeInBytes() > inlineBytes) {
      return ASIDE_BYTES; // about as large as its entry would be: no need to measure it
    }
    long n = FIXED_BYTES + stringBytes(r.topic()) + length(r.key()) + r.value().length;
    List<Header> headers = r.headers();
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      n += 4 + stringBytes(h.key()) + 4 + h.value().length;
    }
    n = (n + 7) & ~7L;
    return n > inlineBytes ? ASIDE_BYTES : (int) n;
  }

  /**
   * Queues {@code r}. Never blocks and never fails for want of room: the caller bounds the
   * bytes held.
   *
   * @param entryBytes what {@link #entryBytes} returned for {@code r} (positive)
   */
  void append(TributaryRecord r, CompletableFuture<RecordMetadata> future, long createdNanos,
      int entryBytes) {
    long futureId = 0;
    if (future != null) {
      futureId = futureIds.incrementAndGet();
      futures.put(futureId, future);
    }
    for (;;) {
      Chunk c = tail;
      int pos = c.claimed;
      if (pos + entryBytes <= chunkBytes) {
        if (CLAIMED.compareAndSet(c, pos, pos + entryBytes)) {
          write(c.bytes, pos, entryBytes, r, createdNanos, futureId);
          return;
        }
      } else if (pos >= chunkBytes) {
        advance(c);
      } else if (CLAIMED.compareAndSet(c, pos, chunkBytes)) {
        // This claim crossed the end: close the chunk for everyone and move on.
        INT.setRelease(c.bytes, pos, PADDING);
        advance(c);
      }
    }
  }

  private void advance(Chunk full) {
    Chunk next = full.next;
    if (next == null) {
      Chunk fresh = newChunk();
      if (NEXT.compareAndSet(full, null, fresh)) {
        next = fresh;
      } else {
        keepSpare(fresh.bytes); // never written
        next = full.next;
      }
    }
    TAIL.compareAndSet(this, full, next);
  }

  private void write(byte[] b, int pos, int entryBytes, TributaryRecord r, long createdNanos,
      long futureId) {
    int p = pos + 4;
    LONG.set(b, p, createdNanos);
    LONG.set(b, p + 8, r.timestampMs());
    LONG.set(b, p + 16, futureId);
    if (entryBytes == ASIDE_BYTES) { // no inline entry is this small
      long id = asideIds.incrementAndGet();
      aside.put(id, r);
      INT.set(b, p + 24, ASIDE);
      LONG.set(b, p + 28, id);
      INT.setRelease(b, pos, entryBytes);
      return;
    }
    p = putString(b, p + 24, r.topic());
    p = putBytes(b, p, r.key());
    p = putBytes(b, p, r.value());
    List<Header> headers = r.headers();
    INT.set(b, p, headers.size());
    p += 4;
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      p = putString(b, p, h.key());
      p = putBytes(b, p, h.value());
    }
    INT.setRelease(b, pos, entryBytes);
  }

  // ---- consumer side: one at a time ----

  /** The oldest record, without taking it; null when none is published yet. */
  synchronized PendingRecord peek() {
    if (peeked == null) {
      peeked = readNext();
    }
    return peeked;
  }

  /** Takes {@code r} if it is still the oldest record (another consumer may have taken it). */
  synchronized boolean take(PendingRecord r) {
    if (peeked == r && r != null) {
      peeked = null;
      return true;
    }
    return false;
  }

  /** Takes the oldest record; null when none is published yet. */
  synchronized PendingRecord poll() {
    PendingRecord r = peeked;
    if (r != null) {
      peeked = null;
      return r;
    }
    return readNext();
  }

  synchronized boolean isEmpty() {
    return peek() == null;
  }

  private PendingRecord readNext() {
    for (;;) {
      Chunk c = head;
      int p = c.readPos;
      if (p < chunkBytes) {
        int len = (int) INT.getAcquire(c.bytes, p);
        if (len > 0) {
          c.readPos = p + len;
          return read(c.bytes, p);
        }
        if (len == 0) {
          trimIfIdle();
          return null; // nothing claimed here yet, or claimed and still being written
        }
      }
      // Past the end or at padding. Leave the chunk only once producers have left it too:
      // until the tail moves on, it may not be recycled.
      Chunk next = c.next;
      if (tail == c || next == null) {
        trimIfIdle();
        return null;
      }
      head = next;
      recycle(c);
    }
  }

  private PendingRecord read(byte[] b, int pos) {
    int p = pos + 4;
    long createdNanos = (long) LONG.get(b, p);
    long timestampMs = (long) LONG.get(b, p + 8);
    long futureId = (long) LONG.get(b, p + 16);
    CompletableFuture<RecordMetadata> future = futureId == 0 ? null : futures.remove(futureId);
    p += 24;
    int id = (int) INT.get(b, p);
    if (id == ASIDE) {
      TributaryRecord r = aside.remove((long) LONG.get(b, p + 4));
      return new PendingRecord(r, future, createdNanos, deliveryTimeoutNanos);
    }
    String topic;
    if (id >= 0) {
      topic = strings[id];
      p += 4;
    } else {
      int n = (int) INT.get(b, p + 4);
      topic = new String(b, p + 8, n, StandardCharsets.UTF_8);
      p += 8 + n;
    }
    TributaryRecord.Builder builder = TributaryRecord.builder(topic).timestampMs(timestampMs);
    int keyLen = (int) INT.get(b, p);
    p += 4;
    if (keyLen >= 0) {
      builder.key(copy(b, p, keyLen));
      p += keyLen;
    }
    int valueLen = (int) INT.get(b, p);
    builder.value(copy(b, p + 4, valueLen));
    p += 4 + valueLen;
    int headers = (int) INT.get(b, p);
    p += 4;
    for (int i = 0; i < headers; i++) {
      String key;
      id = (int) INT.get(b, p);
      if (id >= 0) {
        key = strings[id];
        p += 4;
      } else {
        int n = (int) INT.get(b, p + 4);
        key = new String(b, p + 8, n, StandardCharsets.UTF_8);
        p += 8 + n;
      }
      int n = (int) INT.get(b, p);
      builder.header(header(id, key, b, p + 4, n));
      p += 4 + n;
    }
    return new PendingRecord(builder.build(), future, createdNanos, deliveryTimeoutNanos);
  }

  /** The header {@code key} with the {@code n} bytes at {@code p}: the last one if the same. */
  private Header header(int keyId, String key, byte[] b, int p, int n) {
    if (keyId < 0 || keyId >= LAST_HEADER_IDS) {
      return new Header(key, copy(b, p, n));
    }
    Header last = lastHeaders[keyId];
    if (last != null
        && java.util.Arrays.equals(last.value(), 0, last.value().length, b, p, p + n)) {
      return last;
    }
    Header h = new Header(key, copy(b, p, n));
    lastHeaders[keyId] = h;
    return h;
  }

  // ---- chunks ----

  private Chunk newChunk() {
    chunkNeededNanos = System.nanoTime();
    byte[] bytes = spare.poll();
    if (bytes == null) {
      chunksAllocated.incrementAndGet();
      bytes = new byte[chunkBytes];
    } else {
      spares.decrementAndGet();
    }
    return new Chunk(bytes);
  }

  /**
   * Keeps the array of a chunk that consumers left and producers moved past, cleared, for a
   * new chunk. The old chunk object stays full, so a producer still holding it cannot write.
   */
  private void recycle(Chunk c) {
    if (spares.get() < maxSpares) {
      java.util.Arrays.fill(c.bytes, 0, Math.min(chunkBytes, c.claimed), (byte) 0);
      keepSpare(c.bytes);
    }
  }

  private void keepSpare(byte[] bytes) {
    spares.incrementAndGet();
    spare.offer(bytes);
  }

  /** On an empty read: lets all but one spare go once no chunk was needed for a while. */
  private void trimIfIdle() {
    if (spares.get() > 1) {
      trimSpares(System.nanoTime());
    }
  }

  /** Lets all but one spare go if no chunk was needed since {@code nowNanos} less the idle time. */
  void trimSpares(long nowNanos) {
    if (nowNanos - chunkNeededNanos < SPARE_IDLE_NANOS) {
      return;
    }
    while (spares.get() > 1 && spare.poll() != null) {
      spares.decrementAndGet();
    }
  }

  /** Emptied chunks kept for reuse now (for tests). */
  int spareChunks() {
    return spares.get();
  }

  /** A chunk's bytes and how many of them producers claimed; full at {@code chunkBytes}. */
  private static final class Chunk {
    final byte[] bytes;
    volatile int claimed;
    volatile Chunk next;
    /** Consumer side, guarded by the queue. */
    int readPos;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  // ---- strings and bytes ----

  /**
   * The id of {@code s}, or -1. Topics and header names are nearly always the same few String
   * objects, found by identity among the first ids before any hashing.
   */
  private int idOf(String s) {
    String[] known = strings;
    for (int i = 0, n = Math.min(known.length, 8); i < n; i++) {
      if (known[i] == s) {
        return i;
      }
    }
    Integer id = stringIds.get(s);
    return id == null ? -1 : id;
  }

  private int stringBytes(String s) {
    if (idOf(s) >= 0) {
      return 4;
    }
    if (stringIds.size() < MAX_STRING_IDS && intern(s) >= 0) {
      return 4;
    }
    return 8 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Gives {@code s} an id; -1 once the table is full. */
  private int intern(String s) {
    synchronized (internLock) {
      return internLocked(s);
    }
  }

  private int internLocked(String s) {
    Integer id = stringIds.get(s);
    if (id != null) {
      return id;
    }
    String[] current = strings;
    if (current.length >= MAX_STRING_IDS) {
      return -1;
    }
    String[] grown = java.util.Arrays.copyOf(current, current.length + 1);
    grown[current.length] = s;
    strings = grown; // published before the id, so a reader that sees the id sees the string
    stringIds.put(s, current.length);
    return current.length;
  }

  private int putString(byte[] b, int p, String s) {
    int id = idOf(s);
    if (id >= 0) {
      INT.set(b, p, id);
      return p + 4;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    INT.set(b, p, -1);
    INT.set(b, p + 4, utf8.length);
    System.arraycopy(utf8, 0, b, p + 8, utf8.length);
    return p + 8 + utf8.length;
  }

  private static int putBytes(byte[] b, int p, byte[] v) {
    if (v == null) {
      INT.set(b, p, -1);
      return p + 4;
    }
    INT.set(b, p, v.length);
    System.arraycopy(v, 0, b, p + 4, v.length);
    return p + 4 + v.length;
  }

  private static int length(byte[] v) {
    return v == null ? 4 : 4 + v.length;
  }

  private static byte[] copy(byte[] b, int p, int n) {
    byte[] out = new byte[n];
    System.arraycopy(b, p, out, 0, n);
    return out;
  }
}

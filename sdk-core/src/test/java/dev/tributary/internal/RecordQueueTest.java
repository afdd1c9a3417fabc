package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecordQueueTest {
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

  private static TributaryRecord record(String topic, int producer, int seq, int valueBytes) {
    byte[] value = new byte[valueBytes];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) ('a' + (seq + i) % 26);
    }
    return TributaryRecord.builder(topic)
        .key(producer + ":" + seq)
        .value(value)
        .timestampMs(1_000L + seq)
        .header("producer", String.valueOf(producer))
        .header("seq", String.valueOf(seq))
        .build();
  }

  private static void assertSameRecord(TributaryRecord actual, TributaryRecord expected) {
    assertThat(actual.topic()).isEqualTo(expected.topic());
    assertThat(actual.key()).isEqualTo(expected.key());
    assertThat(actual.value()).isEqualTo(expected.value());
    assertThat(actual.timestampMs()).isEqualTo(expected.timestampMs());
    assertThat(actual.headers()).hasSameSizeAs(expected.headers());
    for (int i = 0; i < expected.headers().size(); i++) {
      assertThat(actual.headers().get(i).key()).isEqualTo(expected.headers().get(i).key());
      assertThat(actual.headers().get(i).value()).isEqualTo(expected.headers().get(i).value());
    }
    assertThat(actual.sizeInBytes()).isEqualTo(expected.sizeInBytes());
  }

  private static void append(RecordQueue q, TributaryRecord r, long created,
      CompletableFuture<RecordMetadata> f) {
    int bytes = q.entryBytes(r);
    assertThat(bytes).isPositive();
    q.append(r, f, created, bytes);
  }

  @Test
  void recordsComeBackWholeAndInOrderAcrossManyChunks() {
    RecordQueue q = new RecordQueue(1024, 1024, TIMEOUT);
    List<TributaryRecord> in = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // Sizes from tiny to most of a chunk, so claims cross chunk ends in every way.
      TributaryRecord r = record(i % 3 == 0 ? "t-" + (i % 7) : "logs", 0, i, (i * 37) % 700);
      in.add(r);
      append(q, r, 10_000L + i, null);
    }
    for (int i = 0; i < in.size(); i++) {
      PendingRecord p = q.poll();
      assertThat(p).as("record %d", i).isNotNull();
      assertSameRecord(p.record, in.get(i));
      assertThat(p.createdNanos).isEqualTo(10_000L + i);
      assertThat(p.deadlineNanos).isEqualTo(10_000L + i + TIMEOUT);
      assertThat(p.future).isNull();
    }
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
    // Emptied chunks are cleared and reused rather than allocated anew.
    int chunks = q.chunksAllocated();
    for (int i = 0; i < 500; i++) {
      append(q, record("logs", 0, i, 300), 0, null);
      assertThat(q.poll()).isNotNull();
    }
    assertThat(q.chunksAllocated()).isLessThanOrEqualTo(chunks + 1);
  }

  @Test
  void aQueueSwingingSeveralChunksDeepReusesItsChunksAndLetsThemGoOnceIdle() {
    RecordQueue q = new RecordQueue(1024, 1024, TIMEOUT, 8);
    int perSwing = 20; // ~360-byte entries, two a chunk: ten chunks deep, then drained
    for (int i = 0; i < perSwing; i++) {
      append(q, record("logs", 0, i, 300), 0, null);
    }
    while (q.poll() != null) {
      // drain
    }
    int chunks = q.chunksAllocated();
    assertThat(chunks).isGreaterThan(8);
    assertThat(q.spareChunks()).isEqualTo(8);
    for (int swing = 0; swing < 20; swing++) {
      for (int i = 0; i < perSwing; i++) {
        append(q, record("logs", 0, i, 300), 0, null);
      }
      while (q.poll() != null) {
        // drain
      }
    }
    // With one spare, every swing allocated all but one of its ten chunks anew.
    assertThat(q.chunksAllocated()).isLessThanOrEqualTo(chunks + 20 * 2);

    // Not idle yet: a chunk was needed a moment ago.
    q.trimSpares(System.nanoTime() - RecordQueue.SPARE_IDLE_NANOS);
    assertThat(q.spareChunks()).isEqualTo(8);
    q.trimSpares(System.nanoTime() + RecordQueue.SPARE_IDLE_NANOS);
    assertThat(q.spareChunks()).isEqualTo(1);
    append(q, record("logs", 0, 1, 300), 0, null);
    assertThat(q.poll()).isNotNull();
  }

  @Test
  void aHeaderRepeatedFromTheRecordBeforeIsReadBackAsTheSameHeader() {
    RecordQueue q = new RecordQueue(4096, TIMEOUT);
    String[] levels = {"INFO", "INFO", "WARN", "INFO", "INFO"};
    for (String level : levels) {
      append(q, TributaryRecord.builder("logs").value("v").header("level", level)
          .header("logger", "com.example.Orders").build(), 0, null);
    }
    List<TributaryRecord> out = new ArrayList<>();
    for (int i = 0; i < levels.length; i++) {
      out.add(q.poll().record);
    }
    for (int i = 0; i < levels.length; i++) {
      assertThat(new String(out.get(i).headers().get(0).value(), StandardCharsets.UTF_8))
          .isEqualTo(levels[i]);
      assertThat(out.get(i).headers().get(1).value())
          .isEqualTo("com.example.Orders".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(out.get(1).headers().get(0)).isSameAs(out.get(0).headers().get(0));
    assertThat(out.get(2).headers().get(0)).isNotSameAs(out.get(1).headers().get(0));
    assertThat(out.get(4).headers().get(0)).isSameAs(out.get(3).headers().get(0));
    assertThat(out.get(4).headers().get(1)).isSameAs(out.get(0).headers().get(1));
  }

  @Test
  void theSparesNeverAddToTheMostChunksTheQueueHeld() {
    RecordQueue q = new RecordQueue(1024, 1024, TIMEOUT, 64);
    for (int depth : new int[] {30, 5, 30, 12, 30}) {
      for (int i = 0; i < depth; i++) {
        append(q, record("logs", 0, i, 300), 0, null);
      }
      while (q.poll() != null) {
        // drain
      }
    }
    // 30 records, two a chunk: the deepest swing held 15-16 chunks; the others reused them.
    assertThat(q.chunksAllocated()).isLessThanOrEqualTo(17);
  }

  @Test
  void nullKeysEmptyValuesAndFuturesSurvive() {
    RecordQueue q = new RecordQueue(4096, TIMEOUT);
    TributaryRecord bare = TributaryRecord.builder("logs").value(new byte[0]).timestampMs(7)
        .build();
    TributaryRecord unicode = TributaryRecord.builder("tópico-😀").value("ü")
        .header("ключ", "значение".getBytes(StandardCharsets.UTF_8)).timestampMs(8).build();
    CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
    append(q, bare, 1, null);
    append(q, unicode, 2, f);

    PendingRecord first = q.peek();
    assertThat(q.peek()).isSameAs(first);
    assertThat(q.take(first)).isTrue();
    assertThat(q.take(first)).as("taken once").isFalse();
    assertSameRecord(first.record, bare);
    assertThat(first.record.key()).isNull();
    PendingRecord second = q.poll();
    assertSameRecord(second.record, unicode);
    assertThat(second.future).isSameAs(f);
  }

  @Test
  void recordsTooLargeToKeepInlineAreKeptAsideAndComeBackInOrder() {
    RecordQueue q = new RecordQueue(1024, 256, TIMEOUT);
    List<TributaryRecord> in = new ArrayList<>();
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Every third is larger than a whole chunk; the rest fit inline.
      TributaryRecord r = record("logs", 0, i, i % 3 == 0 ? 5000 + i : 40 + i);
      CompletableFuture<RecordMetadata> f = i % 2 == 0 ? new CompletableFuture<>() : null;
      in.add(r);
      futures.add(f);
      append(q, r, 100L + i, f);
    }
    assertThat(q.entryBytes(in.get(0))).as("a large record's entry is a reference")
        .isLessThan(64);
    for (int i = 0; i < in.size(); i++) {
      PendingRecord p = q.poll();
      assertThat(p).as("record %d", i).isNotNull();
      assertSameRecord(p.record, in.get(i));
      if (i % 3 == 0) {
        assertThat(p.record).as("kept aside as it came").isSameAs(in.get(i));
      }
      assertThat(p.future).isSameAs(futures.get(i));
      assertThat(p.createdNanos).isEqualTo(100L + i);
    }
    assertThat(q.poll()).isNull();
  }

  @Test
  void aRecordOfTheLargestDefaultSizeIsQueuedWhateverTheBuffersSize() {
    RecordQueue q = RecordQueue.forBuffer(1 << 20, TIMEOUT);
    TributaryRecord big = TributaryRecord.builder("logs").value(new byte[1 << 20]).build();
    append(q, big, 1, null);
    assertThat(q.poll().record).isSameAs(big);
  }

  @Test
  void chunksUnderG1FillWholeRegionsOrStayOrdinaryArrays() {
    long mib = 1 << 20;
    // 32 MiB buffer: a 1 MiB chunk fills one 1 MiB region exactly ...
    assertThat((long) RecordQueue.chunkBytesFor(32 * mib, mib) + RecordQueue.ARRAY_HEADROOM)
        .isEqualTo(mib);
    // ... and with 2 MiB regions, where 1 MiB would be humongous in a region twice its size,
    // stays just under half a region.
    assertThat((long) RecordQueue.chunkBytesFor(32 * mib, 2 * mib) + RecordQueue.ARRAY_HEADROOM)
        .isLessThanOrEqualTo(mib);
    assertThat(RecordQueue.chunkBytesFor(32 * mib, 2 * mib)).isGreaterThan((int) mib - 1024);
    assertThat(RecordQueue.chunkBytesFor(32 * mib, 4 * mib)).isEqualTo((int) mib);
    assertThat(RecordQueue.chunkBytesFor(32 * mib, 0)).isEqualTo((int) mib);
    // Large buffers get chunks of several whole regions; small ones the smallest chunk.
    assertThat((long) RecordQueue.chunkBytesFor(1024 * mib, mib) + RecordQueue.ARRAY_HEADROOM)
        .isEqualTo(32 * mib);
    assertThat(RecordQueue.chunkBytesFor(4096, mib)).isEqualTo(RecordQueue.MIN_CHUNK_BYTES);
    for (long region = mib; region <= 32 * mib; region *= 2) {
      for (long buffer = mib; buffer <= 4096 * mib; buffer += buffer / 3 + 1) {
        int chunk = RecordQueue.chunkBytesFor(buffer, region);
        String what = "buffer " + buffer + ", region " + region + ": chunk " + chunk;
        // G1 makes an object humongous when it exceeds half a region; a byte[]'s header is 16
        // bytes with compressed class pointers, 24 without.
        if (chunk + 16 > region / 2) {
          assertThat((chunk + RecordQueue.ARRAY_HEADROOM) % region)
              .as(what + " is humongous: fills its regions").isZero();
        } else {
          assertThat(chunk + 24L).as(what + " stays ordinary").isLessThanOrEqualTo(region / 2);
        }
        assertThat(chunk).as(what + " is a small part of the buffer")
            .isLessThanOrEqualTo((int) Math.max(RecordQueue.MIN_CHUNK_BYTES, buffer / 16));
        assertThat(chunk % 8).as(what).isZero();
      }
    }
  }

  @Test
  void concurrentProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
    RecordQueue q = new RecordQueue(4096, 4096, TIMEOUT);
    int producers = 4;
    int perProducer = 25_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perProducer; i++) {
            append(q, record("logs", id, i, 20 + (i % 200)), i, null);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      t.start();
      threads.add(t);
    }
    int[] next = new int[producers];
    int received = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    start.countDown();
    while (received < producers * perProducer && System.nanoTime() < deadline) {
      PendingRecord r = q.poll();
      if (r == null) {
        Thread.onSpinWait();
        continue;
      }
      int producer = Integer.parseInt(new String(r.record.headers().get(0).value(), StandardCharsets.UTF_8));
      int seq = Integer.parseInt(new String(r.record.headers().get(1).value(), StandardCharsets.UTF_8));
      assertThat(seq).as("producer %d order", producer).isEqualTo(next[producer]);
      assertSameRecord(r.record, record("logs", producer, seq, 20 + (seq % 200)));
      next[producer]++;
      received++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(received).isEqualTo(producers * perProducer);
    assertThat(q.poll()).isNull();
  }
}

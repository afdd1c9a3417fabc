package dev.tributary.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk log itself: framing, order across segments, replay, corruption, lock, cap. */
class SpoolTest {
  private static final int SEGMENT = 64 * 1024;
  @TempDir
  Path dir;
  @TempDir
  Path crashes;
  private final List<String> warnings = new ArrayList<>();

  private Spool open(long maxBytes, boolean dropOldest) {
    return Spool.open(dir, maxBytes, SEGMENT, Long.MAX_VALUE, dropOldest, warnings::add);
  }

  private static TributaryRecord record(int i) {
    TributaryRecord.Builder b = TributaryRecord.builder("topic-" + (i % 3))
        .value(("value-" + i + "-é").getBytes(StandardCharsets.UTF_8)).timestampMs(1000L + i);
    if (i % 2 == 0) {
      b.key("key-" + i).header("h", "v" + i);
    }
    return b.build();
  }

  private static void writeAll(Spool s, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      s.append(i, record(i));
      if (i % 100 == 99) {
        s.commit();
        s.maybeRoll();
      }
    }
    s.commit();
    s.maybeRoll();
  }

  private static List<SpoolEntry> readAll(Spool s) {
    List<SpoolEntry> out = new ArrayList<>();
    SpoolEntry e;
    while ((e = s.poll()) != null) {
      out.add(e);
    }
    return out;
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).count();
    }
  }

  @Test
  void recordsComeBackExactlyAndInOrderAcrossSegments() throws Exception {
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 5000);
      assertThat(segmentFiles()).isGreaterThan(3);
      List<SpoolEntry> got = readAll(s);
      assertThat(got).hasSize(5000);
      for (int i = 0; i < 5000; i++) {
        TributaryRecord want = record(i);
        SpoolEntry e = got.get(i);
        assertThat(e.seq).isEqualTo(i);
        assertThat(e.thisRun).isTrue();
        assertThat(e.record.topic()).isEqualTo(want.topic());
        assertThat(e.record.key()).isEqualTo(want.key());
        assertThat(e.record.value()).isEqualTo(want.value());
        assertThat(e.record.timestampMs()).isEqualTo(want.timestampMs());
        assertThat(e.record.headers()).hasSize(want.headers().size());
      }
      assertThat(s.stats().spooledRecords()).isEqualTo(5000);

      // Acknowledging everything frees every sealed segment; only the active one remains.
      got.forEach(s::ack);
      s.cleanup();
      assertThat(segmentFiles()).isEqualTo(1);
    }
  }

  @Test
  void unacknowledgedRecordsAreReplayedByTheNextRunAndAckedOnesAreNot() throws Exception {
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 3000);
      List<SpoolEntry> got = readAll(s);
      // The first segments' records were delivered; the rest were not when the run ended.
      got.subList(0, 1000).forEach(s::ack);
      s.cleanup();
    }
    try (Spool s = open(1L << 30, false)) {
      List<SpoolEntry> again = readAll(s);
      assertThat(again).isNotEmpty().allMatch(e -> !e.thisRun);
      // Whole segments are the unit of deletion: a partly acknowledged one comes back whole,
      // so duplicates are possible but loss is not.
      assertThat(again.get(again.size() - 1).seq).isEqualTo(2999);
      assertThat(again.get(0).seq).isLessThanOrEqualTo(1000);
      assertThat(again).hasSize((int) (3000 - again.get(0).seq));
      assertThat(s.stats().replayed()).isEqualTo(again.size());
    }
  }

  @Test
  void aTornTailAndAFlippedByteAreSkippedCountedAndEverythingElseSurvives() throws Exception {
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 100); // 100 small frames: one segment
    }
    Path seg = dir.resolve(Segment.fileName(0));
    long size = Files.size(seg);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ch.truncate(size - 5); // the last frame loses its end, as in a kill -9 mid-write
      ByteBuffer one = ByteBuffer.allocate(1);
      long middle = size / 2;
      ch.read(one, middle);
      one.flip();
      byte flipped = (byte) (one.get(0) ^ 0x40);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), middle);
    }
    try (Spool s = open(1L << 30, false)) {
      List<SpoolEntry> got = readAll(s);
      assertThat(got).hasSize(98);
      assertThat(got.get(0).seq).isZero();
      assertThat(got.get(got.size() - 1).seq).isEqualTo(98);
      assertThat(s.stats().corruptRegions()).isEqualTo(2);
      assertThat(s.stats().skippedBytes()).isPositive();
      assertThat(warnings).anyMatch(w -> w.contains("corrupt or torn frame"));
    }
  }

  @Test
  void aSecondProducerOnTheSameDirectoryGetsAClearError() {
    try (Spool first = open(1L << 30, false)) {
      assertThatThrownBy(() -> open(1L << 30, false))
          .isInstanceOf(TributaryConfigException.class)
          .hasMessageContaining("'spoolDir'")
          .hasMessageContaining("in use by another producer");
    }
    // Released on close: a later run may open it.
    open(1L << 30, false).close();
  }

  /** What a kill -9 leaves on disk: the files as they are now (the page cache survives it). */
  private Path crashCopy() throws IOException {
    Path copy = Files.createTempDirectory(crashes, "crashed");
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private List<Long> reopenAndReadSeqs(Path crashed) {
    try (Spool after = Spool.open(crashed, 1L << 30, SEGMENT, Long.MAX_VALUE, false,
        warnings::add)) {
      return readAll(after).stream().map(e -> e.seq).toList();
    }
  }

  @Test
  void aCrashResendsOnlyTheRecordsReadAfterTheOldestUnacknowledgedOne() throws Exception {
    Path crashed;
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 3000); // several segments
      List<SpoolEntry> read = readAll(s);
      for (SpoolEntry e : read.subList(0, 2000)) {
        if (e.seq < 1000 || e.seq >= 1020) {
          e.ack(); // 1000..1019 are still in flight; 2000.. were read but not yet acked
        }
      }
      s.writeCheckpoint();
      crashed = crashCopy();
    }
    List<Long> resent = reopenAndReadSeqs(crashed);
    // From the oldest unacknowledged record on: the in-flight window and what was read after it.
    assertThat(resent).hasSize(2000);
    assertThat(resent.get(0)).isEqualTo(1000L);
    assertThat(resent.get(resent.size() - 1)).isEqualTo(2999L);
  }

  @Test
  void aCrashAfterEverythingWasAcknowledgedAndCheckpointedResendsNothing() throws Exception {
    Path crashed;
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 3000);
      readAll(s).forEach(SpoolEntry::ack);
      s.writeCheckpoint();
      crashed = crashCopy();
      // New records after the checkpoint, not read yet: those are sent after the crash, once.
      writeAll(s, 3000, 3010);
      Path later = crashCopy();
      assertThat(reopenAndReadSeqs(later)).containsExactly(3000L, 3001L, 3002L, 3003L, 3004L,
          3005L, 3006L, 3007L, 3008L, 3009L);
    }
    assertThat(reopenAndReadSeqs(crashed)).isEmpty();
  }

  @Test
  void acknowledgementsSinceTheLastCheckpointAreAllACrashCanResend() throws Exception {
    Path crashed;
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 3000);
      List<SpoolEntry> read = readAll(s);
      read.subList(0, 1500).forEach(SpoolEntry::ack);
      s.writeCheckpoint();
      read.subList(1500, 3000).forEach(SpoolEntry::ack); // acked, but no checkpoint since
      crashed = crashCopy();
    }
    List<Long> resent = reopenAndReadSeqs(crashed);
    assertThat(resent).hasSize(1500);
    assertThat(resent.get(0)).isEqualTo(1500L);
  }

  @Test
  void aDamagedCheckpointOnlyCostsResends() throws Exception {
    Path crashed;
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 300);
      readAll(s).forEach(SpoolEntry::ack);
      s.writeCheckpoint();
      crashed = crashCopy();
    }
    Path ckpt = crashed.resolve("acked.ckpt");
    byte[] b = Files.readAllBytes(ckpt);
    b[10] ^= 0x01;
    Files.write(ckpt, b);
    assertThat(reopenAndReadSeqs(crashed)).hasSize(300);
  }

  @Test
  void aSegmentThatCannotBeReopenedLeavesNoFileOpenAndTheDirectoryUnlocked() throws Exception {
    try (Spool s = open(1L << 30, false)) {
      writeAll(s, 0, 3000); // several segments left for the next run
    }
    java.util.List<java.nio.channels.FileChannel> opened = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Spool.ChannelOpener failsOnSecond = (path, options) -> {
      if (calls.incrementAndGet() == 2) {
        throw new IOException("Input/output error");
      }
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path, options);
      opened.add(ch);
      return ch;
    };
    assertThatThrownBy(() -> Spool.open(dir, 1L << 30, SEGMENT, Long.MAX_VALUE, false,
        warnings::add, failsOnSecond))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("Input/output error");
    assertThat(opened).isNotEmpty().noneMatch(java.nio.channels.FileChannel::isOpen);
    open(1L << 30, false).close(); // and the lock was released
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> Spool.open(file.resolve("spool"), 1L << 30, SEGMENT,
        Long.MAX_VALUE, false, warnings::add))
        .isInstanceOf(TributaryConfigException.class)
        .hasMessageContaining("'spoolDir'")
        .hasMessageContaining("creatable and writable");
  }

  @Test
  void atTheCapDropOldestDeletesTheOldestSegmentAndCountsItsRecords() throws Exception {
    try (Spool s = open(4 * SEGMENT, true)) {
      writeAll(s, 0, 20_000);
      assertThat(s.cleanup()).isTrue();
      assertThat(s.diskUsage()).isLessThanOrEqualTo(4 * SEGMENT);
      long dropped = s.stats().droppedByCap();
      assertThat(dropped).isPositive();
      List<SpoolEntry> rest = readAll(s);
      assertThat(rest.size() + dropped).isEqualTo(20_000);
      // What is left is the newest records, still in order.
      assertThat(rest.get(rest.size() - 1).seq).isEqualTo(19_999);
      assertThat(warnings).anyMatch(w -> w.contains("reached its cap"));
    }
  }

  @Test
  void atTheCapOtherPoliciesRefuseNewRecordsInsteadOfDeleting() throws Exception {
    try (Spool s = open(4 * SEGMENT, false)) {
      writeAll(s, 0, 20_000);
      assertThat(s.cleanup()).isFalse();
      assertThat(s.stats().droppedByCap()).isZero();
      assertThat(readAll(s)).hasSize(20_000);
    }
  }
}

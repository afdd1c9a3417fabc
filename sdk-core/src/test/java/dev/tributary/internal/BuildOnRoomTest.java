package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code offer(source, build)}: the record is built only once the buffer has room for it, so a
 * refused record costs no build; the reservation made before the build is settled against the
 * record's real size, to the byte.
 */
class BuildOnRoomTest {
  private static final int RECORD_BYTES = 1024;
  private final FakeClock clock = new FakeClock();
  private final ScriptedTransport transport = new ScriptedTransport(clock).otherwise(
      ScriptedTransport.Kind.HANG);
  private final AtomicInteger builds = new AtomicInteger();
  /** Builds a record of {@code size} bytes (its sizeInBytes), counting each build. */
  private final Function<Integer, TributaryRecord> build = size -> {
    builds.incrementAndGet();
    return TributaryRecord.of("t", new byte[size - 64 - 1]);
  };

  /** A pipeline whose buffer holds exactly four records of RECORD_BYTES; sender never run. */
  private Pipeline pipeline(OverflowPolicy policy, Duration maxBlock) {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .bufferBytes(4L * RECORD_BYTES).maxRecordBytes(2 * RECORD_BYTES)
        .overflowPolicy(policy).maxBlockTime(maxBlock).build();
    return new Pipeline(config, transport, clock, new SplittableRandom(1), false);
  }

  @Test
  void aFullBufferRefusesTheRecordBeforeItIsBuiltAndCountsTheDrop() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    assertThat(builds.get()).isEqualTo(4);
    for (int i = 0; i < 1000; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isFalse();
    }
    assertThat(builds.get()).as("refused records are never built").isEqualTo(4);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(1000);
    assertThat(p.metrics().appended()).isEqualTo(4);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
  }

  @Test
  void theReservationIsSettledToTheRecordsRealSize() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    assertThat(p.offer(RECORD_BYTES, build)).isTrue(); // sets the size reserved next
    assertThat(p.offer(RECORD_BYTES / 2, build)).isTrue(); // smaller: the rest given back
    assertThat(p.metrics().bufferedBytes()).isEqualTo(RECORD_BYTES + RECORD_BYTES / 2);
    assertThat(p.offer(RECORD_BYTES + 300, build)).isTrue(); // larger: the rest reserved
    assertThat(p.metrics().bufferedBytes())
        .isEqualTo(RECORD_BYTES + RECORD_BYTES / 2 + RECORD_BYTES + 300);
    assertThat(p.metrics().dropped()).isZero();
    assertThat(builds.get()).isEqualTo(3);
    // 1,236 bytes are left, less than the last record: the buffer counts as full for a record
    // built on room, which is refused unbuilt, whatever size it would have had.
    assertThat(p.offer(700, build)).isFalse();
    assertThat(builds.get()).isEqualTo(3);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    // A record given built still takes the room to the byte.
    assertThat(p.offer(TributaryRecord.of("t", new byte[1236 - 64 - 1]))).isTrue();
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
  }

  @Test
  void aRecordLargerThanItsReservationWithNoRoomForTheRestIsDroppedAndItsReservationReturned() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    // Room for one more typical record is reserved, but this one turns out larger.
    assertThat(p.offer(RECORD_BYTES + 8, build)).isFalse();
    assertThat(builds.get()).isEqualTo(4);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(3L * RECORD_BYTES);
    assertThat(p.offer(RECORD_BYTES, build)).as("the room is still there").isTrue();
  }

  @Test
  void aBuildThatThrowsGivesItsReservationBackAndCountsNothing() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    IllegalStateException broken = new IllegalStateException("encoder broke");
    assertThatThrownBy(() -> p.offer("event", e -> {
      throw broken;
    })).isSameAs(broken);
    assertThatThrownBy(() -> p.offer("event", e -> null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("built record");
    assertThat(p.metrics().bufferedBytes()).isEqualTo(RECORD_BYTES);
    assertThat(p.metrics().dropped()).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
  }

  @Test
  void aRecordLargerThanMaxRecordBytesIsDroppedAsTooLargeAndItsReservationReturned() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    assertThat(p.offer(2 * RECORD_BYTES + 1, build)).isFalse();
    assertThat(p.metrics().dropped(DropReason.RECORD_TOO_LARGE)).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(RECORD_BYTES);
  }

  @Test
  void aClosedProducerRefusesWithoutBuilding() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    p.close(Duration.ZERO);
    assertThat(p.offer(RECORD_BYTES, build)).isFalse();
    assertThat(builds.get()).isZero();
    assertThat(p.metrics().dropped(DropReason.CLOSED)).isEqualTo(1);
  }

  @Test
  void underBlockTheWaitForRoomComesBeforeTheBuild() {
    Pipeline p = pipeline(OverflowPolicy.BLOCK, Duration.ofMillis(100));
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    assertThat(p.offer(RECORD_BYTES, build)).isFalse();
    assertThat(builds.get()).as("a caller that timed out waiting built nothing").isEqualTo(4);
    assertThat(p.metrics().dropped(DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
  }

  @Test
  void underBlockARecordLargerThanItsReservationWaitsForTheRestAtMostMaxBlockTime() {
    Pipeline p = pipeline(OverflowPolicy.BLOCK, Duration.ofMillis(100));
    for (int i = 0; i < 3; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    long before = clock.nanoTime();
    // Its reservation (the size of recent records) fits; the 600 bytes more do not, ever.
    assertThat(p.offer(RECORD_BYTES + 600, build)).isFalse();
    long waited = clock.nanoTime() - before;
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos())
        .isLessThan(Duration.ofMillis(200).toNanos());
    assertThat(p.metrics().dropped(DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).as("its reservation was given back")
        .isEqualTo(3L * RECORD_BYTES);
  }

  @Test
  void aRefusedCallerYieldsTheProcessorOnlyWhileTheDestinationTakesRecords() {
    transport.then(ScriptedTransport.Kind.SUCCEED, 4).then(ScriptedTransport.Kind.RETRIABLE, 4);
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .bufferBytes(4L * RECORD_BYTES).maxRecordBytes(2 * RECORD_BYTES)
        .linger(Duration.ZERO).batchMaxRecords(1).build();
    Pipeline p = new Pipeline(config, transport, clock, new SplittableRandom(1), false);
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    // Nothing delivered yet: the destination may be down, the delivery needs no processor.
    assertThat(p.offer(RECORD_BYTES, build)).isFalse();
    assertThat(clock.yields.get()).isZero();

    p.sender().runOnce(); // all four delivered: the destination takes records
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isFalse();
      assertThat(p.offer(TributaryRecord.of("t", new byte[RECORD_BYTES - 65]))).isFalse();
    }
    assertThat(clock.yields.get()).as("each refused caller yields once").isEqualTo(6);

    p.sender().runOnce(); // every batch fails now: the destination looks down
    // The failed record waits for a retry; the other three stay queued.
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
    assertThat(p.offer(RECORD_BYTES, build)).isFalse();
    assertThat(clock.yields.get()).as("no yield while nothing gets through").isEqualTo(6);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(8);
  }

  @Test
  void underDropOldestTheRecordIsBuiltAndRoomMadeForItsRealSize() {
    Pipeline p = pipeline(OverflowPolicy.DROP_OLDEST, Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(RECORD_BYTES, build)).isTrue();
    }
    assertThat(p.offer(RECORD_BYTES / 2, build)).isTrue();
    assertThat(p.metrics().dropped(DropReason.EVICTED)).as("one eviction is room enough")
        .isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(3L * RECORD_BYTES + RECORD_BYTES / 2);
  }
}

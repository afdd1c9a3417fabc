package dev.tributary.internal;

import static dev.tributary.internal.SenderTest.causeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.ProducerClosedException;
import dev.tributary.RecordDroppedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.NeverWaits;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What each overflow policy does when the byte-bounded buffer is full. */
class OverflowTest {
  private static final int RECORD_BYTES = 1024;
  private final FakeClock clock = new FakeClock();
  private final ScriptedTransport transport = new ScriptedTransport(clock).otherwise(
      ScriptedTransport.Kind.HANG);

  /** A pipeline whose buffer holds exactly four of our records; its sender is never run. */
  private Pipeline pipeline(OverflowPolicy policy, Duration maxBlock) {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .diagnostics(Diagnostics.none()).jmxEnabled(false)
        .bufferBytes(4L * RECORD_BYTES).maxRecordBytes(2 * RECORD_BYTES)
        .overflowPolicy(policy).maxBlockTime(maxBlock).build();
    return new Pipeline(config, transport, clock, new SplittableRandom(1), false);
  }

  private static TributaryRecord record(int i) {
    byte[] value = new byte[RECORD_BYTES - 64 - 1];
    value[0] = (byte) i;
    TributaryRecord r = TributaryRecord.of("t", value);
    assertThat(r.sizeInBytes()).isEqualTo(RECORD_BYTES);
    return r;
  }

  @Test
  void dropNewestRejectsTheNewRecordAndCountsIt() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    assertThat(p.offer(record(4))).isFalse();
    CompletableFuture<RecordMetadata> f = p.send(record(5));
    assertThat(causeOf(f)).isInstanceOf(RecordDroppedException.class)
        .hasMessageContaining("buffer of 4096 bytes was full");
    assertThat(((RecordDroppedException) causeOf(f)).reason()).isEqualTo(DropReason.BUFFER_FULL);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(2);
    assertThat(p.metrics().appended()).isEqualTo(4);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
  }

  @Test
  void dropOldestEvictsTheOldestQueuedRecords() {
    Pipeline p = pipeline(OverflowPolicy.DROP_OLDEST, Duration.ZERO);
    CompletableFuture<RecordMetadata> oldest = p.send(record(0));
    for (int i = 1; i < 4; i++) {
      p.offer(record(i));
    }
    assertThat(p.offer(record(4))).isTrue();
    assertThat(((RecordDroppedException) causeOf(oldest)).reason()).isEqualTo(DropReason.EVICTED);
    assertThat(p.metrics().dropped(DropReason.EVICTED)).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
    // The survivors are records 1..4, in order.
    p.sender().runOnce();
    clock.advance(Duration.ofSeconds(1));
    p.sender().runOnce();
    assertThat(transport.sent.get(0).batch().record(0).value()[0]).isEqualTo((byte) 1);
  }

  @Test
  void dropOldestEvictsRecordsWaitingForARetryFirst() {
    transport.then(ScriptedTransport.Kind.RETRIABLE);
    Pipeline p = pipeline(OverflowPolicy.DROP_OLDEST, Duration.ZERO);
    CompletableFuture<RecordMetadata> failedOnce = p.send(record(0));
    clock.advance(Duration.ofSeconds(1));
    p.sender().runOnce(); // record 0 fails retriably
    p.sender().runOnce(); // and now waits for its retry
    for (int i = 1; i < 4; i++) {
      p.offer(record(i));
    }
    assertThat(p.offer(record(4))).isTrue();
    assertThat(((RecordDroppedException) causeOf(failedOnce)).reason())
        .isEqualTo(DropReason.EVICTED);
    assertThat(p.metrics().retried()).isEqualTo(1);
    assertThat(p.metrics().bufferedBytes()).isEqualTo(4L * RECORD_BYTES);
  }

  @Test
  void dropOldestCannotEvictRecordsAlreadyInFlight() {
    Pipeline p = pipeline(OverflowPolicy.DROP_OLDEST, Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      p.offer(record(i));
    }
    clock.advance(Duration.ofSeconds(1));
    p.sender().runOnce(); // all four now in a hung batch
    assertThat(p.offer(record(4))).isFalse();
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    assertThat(p.metrics().dropped(DropReason.EVICTED)).isZero();
  }

  @Test
  void blockWaitsNoLongerThanMaxBlockTimeThenDrops() {
    Pipeline p = pipeline(OverflowPolicy.BLOCK, Duration.ofMillis(50));
    for (int i = 0; i < 4; i++) {
      p.offer(record(i));
    }
    long start = clock.nanoTime();
    assertThat(p.offer(record(4))).isFalse();
    long waited = clock.nanoTime() - start;
    assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50))
        .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(p.metrics().dropped(DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void blockProceedsAsSoonAsSpaceIsReleased() throws Exception {
    clock.holdTime(); // only the released room may end the wait
    transport.then(ScriptedTransport.Kind.HANG);
    Pipeline p = pipeline(OverflowPolicy.BLOCK, Duration.ofSeconds(30));
    for (int i = 0; i < 4; i++) {
      p.offer(record(i));
    }
    clock.advance(Duration.ofSeconds(1));
    p.sender().runOnce();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean accepted = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      started.countDown();
      accepted.set(p.offer(record(4)));
    });
    caller.start();
    started.await();
    // Completing the hung batch releases its bytes and must wake the blocked caller.
    ScriptedTransport.Sent hung = transport.sent.get(0);
    hung.callback().succeeded(0, new RecordMetadata("t", 0, 0));
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(accepted).isTrue();
    assertThat(p.metrics().dropped()).isZero();
  }

  @Test
  void oversizedRecordsAreDroppedAndCountedNullsAreRejected() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    TributaryRecord big = TributaryRecord.of("t", new byte[3 * RECORD_BYTES]);
    assertThat(p.offer(big)).isFalse();
    RecordDroppedException e = (RecordDroppedException) causeOf(p.send(big));
    assertThat(e.reason()).isEqualTo(DropReason.RECORD_TOO_LARGE);
    assertThat(e).hasMessageContaining("exceeds maxRecordBytes 2048");
    assertThat(e.isRetriable()).isFalse();
    assertThat(p.metrics().dropped(DropReason.RECORD_TOO_LARGE)).isEqualTo(2);
    assertThatThrownBy(() -> p.offer(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("record");
    assertThatThrownBy(() -> TributaryRecord.of(null, new byte[1]))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("topic");
    assertThatThrownBy(() -> TributaryRecord.of("t", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("value");
  }

  @Test
  void closeWithAHungTransportReturnsByItsDeadlineAndReportsPending() {
    Pipeline p = pipeline(OverflowPolicy.DROP_NEWEST, Duration.ZERO);
    CompletableFuture<RecordMetadata> f = p.send(record(0));
    p.offer(record(1));
    p.sender().runOnce();
    // On the fake clock the close takes exactly its deadline; a close that waited for the hung
    // transport (outside the clock) would never return, which the bound tells at once.
    long start = clock.nanoTime();
    var report = NeverWaits.call("close with a hung transport",
        () -> p.close(Duration.ofMillis(300)));
    assertThat(clock.nanoTime() - start).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    assertThat(report.pending()).isEqualTo(2);
    assertThat(report.complete()).isFalse();
    assertThat(report.sent()).isZero();
    // Undelivered at close: pending, not dropped; the future still completes.
    assertThat(causeOf(f)).isInstanceOf(ProducerClosedException.class);
    assertThat(((ProducerClosedException) causeOf(f)).inSpool()).isFalse();
    assertThat(report.dropped()).isZero();
    assertThat(p.metrics().dropped()).isZero();
    assertThat(p.metrics().pendingRecords()).isEqualTo(2);
    assertThat(transport.closed).isTrue();
    assertThat(p.offer(record(2))).isFalse();
    assertThatThrownBy(() -> p.send(record(3))).isInstanceOf(IllegalStateException.class);
    assertThat(p.close(Duration.ZERO)).isSameAs(report);
  }
}

package dev.tributary.internal;

import static dev.tributary.internal.SenderTest.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.ProducerClosedException;
import dev.tributary.RecordDroppedException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What flush and close report, and how long they wait, on a fake clock: every record offered
 * is in exactly one of sent, failed, dropped and pending, in the report, the metrics and the
 * diagnostics alike; and the deadlines are the clock's, not the wall's.
 */
class CloseReportTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics() {
    @Override
    public void info(String message) {
      messages.add("INFO " + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
      messages.add("WARN " + message);
    }

    @Override
    public void error(String message, Throwable cause) {
      messages.add("ERROR " + message);
    }
  };

  private Pipeline pipeline(ScriptedTransport transport, OverflowPolicy policy) {
    return pipeline(transport, policy, 1 << 20);
  }

  private Pipeline pipeline(ScriptedTransport transport, OverflowPolicy policy, long bufferBytes) {
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
        .clientId("report").diagnostics(diagnostics).jmxEnabled(false)
        .overflowPolicy(policy).maxBlockTime(Duration.ofSeconds(60))
        .bufferBytes(bufferBytes).maxRecordBytes(32 * 1024).linger(Duration.ZERO).build();
    return new Pipeline(config, transport, clock, new SplittableRandom(7), false);
  }

  private static TributaryRecord record(int i) {
    return TributaryRecord.of("t", ("r" + i).getBytes());
  }

  @Test
  void aCloseWithTheDestinationDownReportsTheAbandonedRecordsAsPendingEverywhere() {
    // The destination is down: every attempt fails retriably.
    ScriptedTransport down = new ScriptedTransport(clock).otherwise(ScriptedTransport.Kind.RETRIABLE);
    Pipeline p = pipeline(down, OverflowPolicy.DROP_NEWEST);
    CompletableFuture<RecordMetadata> first = p.send(record(0));
    for (int i = 1; i < 1000; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    p.sender().runOnce();

    DeliveryReport report = p.close(Duration.ofSeconds(2));

    assertThat(report.sent()).isZero();
    assertThat(report.failed()).isZero();
    assertThat(report.dropped()).isZero();
    assertThat(report.pending()).isEqualTo(1000);
    assertThat(report.complete()).isFalse();
    assertThat(p.metrics().dropped()).isZero();
    assertThat(p.metrics().dropped(DropReason.CLOSED)).isZero();
    assertThat(p.metrics().pendingRecords()).isEqualTo(1000);
    assertThat(p.metrics().bufferedBytes()).isZero();
    assertThat(causeOf(first)).isInstanceOf(ProducerClosedException.class)
        .hasMessageContaining("not delivered to kafka://127.0.0.1:9 before the producer closed");
    // One line, agreeing with the report; no line calls them dropped.
    assertThat(messages).noneMatch(m -> m.contains("Dropped"));
    assertThat(messages).anyMatch(m -> m.startsWith("WARN Producer report closed after PT2S "
        + "with 1000 record(s) not delivered") && m.contains("pending=1000"));
  }

  @Test
  void recordsOfferedAfterCloseAreDroppedAsClosedAndCountedOnce() {
    ScriptedTransport ok = new ScriptedTransport(clock);
    Pipeline p = pipeline(ok, OverflowPolicy.DROP_NEWEST);
    p.offer(record(0));
    p.sender().runOnce();
    DeliveryReport report = p.close(Duration.ofSeconds(1));
    assertThat(report.sent()).isEqualTo(1);
    assertThat(p.offer(record(1))).isFalse();
    assertThat(p.metrics().dropped(DropReason.CLOSED)).isEqualTo(1);
    assertThat(messages).anyMatch(m -> m.contains("Dropped 1 record(s) for kafka://127.0.0.1:9 so "
        + "far because they were offered after the producer began to close"));
    assertThat(p.metrics().sent() + p.metrics().dropped() + p.metrics().pendingRecords())
        .isEqualTo(2);
  }

  @Test
  void flushAndCloseDeadlinesRunOnTheClock() {
    ScriptedTransport hung = new ScriptedTransport(clock).otherwise(ScriptedTransport.Kind.HANG);
    Pipeline p = pipeline(hung, OverflowPolicy.DROP_NEWEST);
    p.offer(record(0));
    p.sender().runOnce();

    long before = clock.nanoTime();
    DeliveryReport flushed = p.flush(Duration.ofSeconds(30));
    long flushTook = clock.nanoTime() - before;
    assertThat(flushed.pending()).isEqualTo(1);
    assertThat(flushTook).isBetween(TimeUnit.SECONDS.toNanos(30),
        TimeUnit.SECONDS.toNanos(31));

    before = clock.nanoTime();
    DeliveryReport closed = p.close(Duration.ofMinutes(5));
    long closeTook = clock.nanoTime() - before;
    assertThat(closed.pending()).isEqualTo(1);
    assertThat(closeTook).isLessThanOrEqualTo(TimeUnit.MINUTES.toNanos(5));
    assertThat(closeTook).isGreaterThanOrEqualTo(TimeUnit.MINUTES.toNanos(4));
  }

  @Test
  void closeWakesCallersBlockedForRoomAndTheyAreDroppedAsClosed() throws Exception {
    clock.holdTime(); // only close may end the wait
    ScriptedTransport hung = new ScriptedTransport(clock).otherwise(ScriptedTransport.Kind.HANG);
    Pipeline p = pipeline(hung, OverflowPolicy.BLOCK, 64 * 1024);
    byte[] big = new byte[16 * 1024];
    for (int i = 0; i < 3; i++) {
      assertThat(p.offer(TributaryRecord.of("t", big))).isTrue();
    }
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<CompletableFuture<RecordMetadata>> blocked = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      started.countDown();
      try {
        blocked.complete(p.send(TributaryRecord.of("t", new byte[20 * 1024])));
      } catch (RuntimeException e) {
        blocked.completeExceptionally(e);
      }
    });
    caller.start();
    started.await();
    while (caller.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait(); // until it waits for room (a condition, not a time)
    }
    // Close with no time to deliver: the blocked caller must not slip in after the drain.
    p.close(Duration.ZERO);
    caller.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(caller.isAlive()).isFalse();
    RecordDroppedException e = (RecordDroppedException) causeOf(blocked.get());
    assertThat(e.reason()).isEqualTo(DropReason.CLOSED);
    assertThat(p.metrics().bufferedBytes()).isZero();
    assertThat(p.metrics().pendingRecords()).isEqualTo(3);
  }
}

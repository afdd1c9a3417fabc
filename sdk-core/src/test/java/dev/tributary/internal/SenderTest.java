package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.FATAL;
import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static dev.tributary.internal.ScriptedTransport.Kind.RETRIABLE;
import static dev.tributary.internal.ScriptedTransport.Kind.SUCCEED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryTimeoutException;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Batching, linger, retry, backoff and timeouts, stepped by hand with a fake clock. */
class SenderTest {
  private final FakeClock clock = new FakeClock();
  private final ScriptedTransport transport = new ScriptedTransport(clock);

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://127.0.0.1:9")
        .diagnostics(Diagnostics.none())
        .jmxEnabled(false)
        .linger(Duration.ofMillis(5))
        .batchMaxRecords(3)
        .maxInFlightBatches(4)
        .retryBackoff(Duration.ofMillis(100))
        .retryBackoffMax(Duration.ofSeconds(2))
        .deliveryTimeout(Duration.ofSeconds(30));
  }

  private Pipeline pipeline(TributaryConfig.Builder b) {
    return new Pipeline(b.build(), transport, clock, new SplittableRandom(42), false);
  }

  private static TributaryRecord record(int i) {
    return TributaryRecord.builder("t").key("k" + i).value(("v" + i)
        .getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void fullBatchesGoAtOnceAndAPartialBatchWaitsForLinger() {
    Pipeline p = pipeline(config());
    for (int i = 0; i < 7; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    long wait = p.sender().runOnce();
    assertThat(transport.sent).hasSize(2);
    assertThat(transport.records()).isEqualTo(6);
    assertThat(wait).isEqualTo(Duration.ofMillis(5).toNanos());

    clock.advanceNanos(wait - 1);
    p.sender().runOnce();
    assertThat(transport.sent).hasSize(2);

    clock.advanceNanos(1);
    p.sender().runOnce();
    assertThat(transport.sent).hasSize(3);
    assertThat(p.metrics().sent()).isEqualTo(7);
    assertThat(p.metrics().bufferedBytes()).isZero();
  }

  @Test
  void recordsKeepOfferOrderAcrossBatches() {
    Pipeline p = pipeline(config());
    for (int i = 0; i < 9; i++) {
      p.offer(record(i));
    }
    p.sender().runOnce();
    List<String> keys = new ArrayList<>();
    for (ScriptedTransport.Sent s : transport.sent) {
      for (int i = 0; i < s.batch().size(); i++) {
        keys.add(new String(s.batch().record(i).key(), StandardCharsets.UTF_8));
      }
    }
    assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8");
  }

  @Test
  void retriableFailuresAreRetriedWithJitteredExponentialBackoffUntilSuccess() throws Exception {
    transport.then(RETRIABLE, 2).otherwise(SUCCEED);
    Pipeline p = pipeline(config().linger(Duration.ZERO));
    CompletableFuture<RecordMetadata> f = p.send(record(1));

    p.sender().runOnce(); // attempt 1 fails
    p.sender().runOnce(); // schedules retry 1
    assertThat(transport.sent).hasSize(1);
    long waited = stepUntilSent(p, 2);
    assertThat(waited).isBetween(Duration.ofMillis(1).toNanos(), Duration.ofMillis(100).toNanos());

    p.sender().runOnce();
    waited = stepUntilSent(p, 3);
    // Second retry: full jitter in [0, 200 ms]; also at least the batch pause's own backoff.
    assertThat(waited).isBetween(Duration.ofMillis(1).toNanos(), Duration.ofMillis(200).toNanos());

    assertThat(f.get().offset()).isEqualTo(0);
    assertThat(p.metrics().retried()).isEqualTo(2);
    assertThat(p.metrics().sent()).isEqualTo(1);
    assertThat(p.metrics().failed()).isZero();
  }

  /** Advances the clock 1 ms at a time until the transport saw {@code batches}; returns nanos. */
  private long stepUntilSent(Pipeline p, int batches) {
    long start = clock.nanoTime();
    for (int i = 0; i < 100_000 && transport.sent.size() < batches; i++) {
      clock.advance(Duration.ofMillis(1));
      p.sender().runOnce();
    }
    assertThat(transport.sent).hasSize(batches);
    return clock.nanoTime() - start;
  }

  @Test
  void retryAfterHintIsHonoured() {
    transport.thenRetriableWithRetryAfter(Duration.ofSeconds(5)).otherwise(SUCCEED);
    Pipeline p = pipeline(config().linger(Duration.ZERO));
    p.offer(record(1));
    p.sender().runOnce();
    long waited = stepUntilSent(p, 2);
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(p.metrics().sent()).isEqualTo(1);
  }

  @Test
  void recordsFailingRetriablyTimeOutWithTheLastErrorAsCause() {
    transport.otherwise(RETRIABLE);
    Pipeline p = pipeline(config().linger(Duration.ZERO).deliveryTimeout(Duration.ofSeconds(3)));
    CompletableFuture<RecordMetadata> f = p.send(record(1));
    for (int i = 0; i < 4_000 && !f.isDone(); i++) {
      p.sender().runOnce();
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(f).isCompletedExceptionally();
    Throwable err = causeOf(f);
    assertThat(err).isInstanceOf(DeliveryTimeoutException.class)
        .hasMessageContaining("within PT3S").hasCauseInstanceOf(IllegalStateException.class);
    assertThat(((TributaryException) err).isRetriable()).isTrue();
    assertThat(transport.sent.size()).isGreaterThan(2);
    assertThat(p.metrics().failed()).isEqualTo(1);
    // Every failed attempt is scheduled for a retry, except one that fails past the deadline.
    assertThat(p.metrics().retried()).isBetween((long) transport.sent.size() - 1,
        (long) transport.sent.size());
    assertThat(p.metrics().bufferedBytes()).isZero();
  }

  @Test
  void aHangingTransportCannotHoldRecordsPastTheirDeadline() {
    transport.then(HANG).otherwise(SUCCEED);
    Pipeline p = pipeline(config().linger(Duration.ZERO).maxInFlightBatches(1)
        .deliveryTimeout(Duration.ofSeconds(10)));
    CompletableFuture<RecordMetadata> hung = p.send(record(1));
    p.sender().runOnce();
    clock.advance(Duration.ofSeconds(1));
    CompletableFuture<RecordMetadata> next = p.send(record(2));
    p.sender().runOnce();
    assertThat(transport.sent).hasSize(1); // the one slot is taken by the hung batch

    clock.advance(Duration.ofSeconds(9));
    p.sender().runOnce(); // expires record 1, frees the slot
    p.sender().runOnce();
    assertThat(causeOf(hung)).isInstanceOf(DeliveryTimeoutException.class);
    assertThat(next).isCompletedWithValueMatching(md -> md.topic().equals("t"));
    assertThat(p.metrics().failed()).isEqualTo(1);
    assertThat(p.metrics().sent()).isEqualTo(1);
  }

  @Test
  void aFatalRecordFailsAloneAndDoesNotPoisonItsBatch() {
    transport.thenFatalAt(1);
    Pipeline p = pipeline(config());
    List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fs.add(p.send(record(i)));
    }
    p.sender().runOnce();
    assertThat(fs.get(0)).isCompletedWithValueMatching(md -> md.offset() >= 0);
    assertThat(fs.get(2)).isCompletedWithValueMatching(md -> md.offset() >= 0);
    Throwable err = causeOf(fs.get(1));
    assertThat(err).isInstanceOf(DeliveryFailedException.class)
        .hasMessageContaining("scripted fatal");
    assertThat(((TributaryException) err).isRetriable()).isFalse();
    assertThat(transport.sent).hasSize(1);
    assertThat(p.metrics().retried()).isZero();
  }

  @Test
  void aBatchThatFailsEntirelyPausesNewBatchesForABackoff() {
    transport.then(RETRIABLE).otherwise(SUCCEED);
    Pipeline p = pipeline(config().linger(Duration.ZERO).retryBackoff(Duration.ofSeconds(1))
        .retryBackoffMax(Duration.ofSeconds(1)));
    p.offer(record(1));
    p.sender().runOnce();
    p.offer(record(2));
    long wait = p.sender().runOnce();
    assertThat(transport.sent).hasSize(1);
    assertThat(wait).isPositive();
    long start = clock.nanoTime();
    for (int i = 0; i < 100 && transport.sent.size() < 2; i++) {
      clock.advanceNanos(wait);
      wait = p.sender().runOnce();
    }
    assertThat(transport.sent).hasSize(2);
    long paused = transport.sent.get(1).atNanos() - start;
    // Full jitter over [0, 1 s] with a 1 ms floor: the pause lies in that range, not at 0.
    assertThat(paused).isBetween(Duration.ofMillis(1).toNanos(), Duration.ofSeconds(1).toNanos());
    for (int i = 0; i < 100 && p.metrics().sent() < 2; i++) {
      clock.advanceNanos(Math.max(1, wait));
      wait = p.sender().runOnce();
    }
    assertThat(p.metrics().sent()).isEqualTo(2);
  }

  @Test
  void duringAnOutageOnlyTheFailingRecordsAreRetriedAndTheRestStayQueued() {
    transport.otherwise(RETRIABLE);
    Pipeline p = pipeline(config());
    for (int i = 0; i < 12; i++) {
      p.offer(record(i));
    }
    // The first batch fails inside send(); the sender sees it before cutting another.
    long wait = p.sender().runOnce();
    assertThat(transport.sent).hasSize(1);
    for (int round = 0; round < 20; round++) {
      clock.advanceNanos(Math.max(1, wait));
      wait = p.sender().runOnce();
    }
    assertThat(transport.sent.size()).isGreaterThan(3);
    for (ScriptedTransport.Sent sent : transport.sent) {
      for (int i = 0; i < sent.batch().size(); i++) {
        assertThat(new String(sent.batch().record(i).key(), StandardCharsets.UTF_8))
            .as("only the first batch's records probe the destination")
            .isIn("k0", "k1", "k2");
      }
    }
    transport.otherwise(SUCCEED);
    for (int i = 0; i < 100 && p.metrics().sent() < 12; i++) {
      clock.advanceNanos(Math.max(1, wait));
      wait = p.sender().runOnce();
    }
    assertThat(p.metrics().sent()).isEqualTo(12);
  }

  @Test
  void anIdleSenderLooksForRecordsAgainWithinOneLinger() {
    Pipeline p = pipeline(config().linger(Duration.ofMillis(5)));
    assertThat(p.sender().runOnce()).isEqualTo(Duration.ofMillis(5).toNanos());
    p.offer(record(1));
    clock.advanceNanos(Duration.ofMillis(5).toNanos());
    p.sender().runOnce();
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void inFlightBatchesAreBounded() {
    transport.otherwise(HANG);
    Pipeline p = pipeline(config().maxInFlightBatches(2).batchMaxRecords(1));
    for (int i = 0; i < 5; i++) {
      p.offer(record(i));
    }
    p.sender().runOnce();
    assertThat(transport.sent).hasSize(2);
    assertThat(p.metrics().pendingRecords()).isEqualTo(5);
  }

  @Test
  void queuedRecordsExpireEvenWhileNothingCanBeSent() {
    transport.otherwise(HANG);
    Pipeline p = pipeline(config().maxInFlightBatches(1).batchMaxRecords(1)
        .deliveryTimeout(Duration.ofSeconds(2)));
    CompletableFuture<RecordMetadata> first = p.send(record(0));
    CompletableFuture<RecordMetadata> queued = p.send(record(1));
    p.sender().runOnce();
    clock.advance(Duration.ofSeconds(2));
    p.sender().runOnce();
    assertThat(causeOf(first)).isInstanceOf(DeliveryTimeoutException.class);
    assertThat(causeOf(queued)).isInstanceOf(DeliveryTimeoutException.class);
    assertThat(p.metrics().failed()).isEqualTo(2);
  }

  @Test
  void aTransportThatThrowsIsTreatedAsRetriable() {
    transport.then(ScriptedTransport.Kind.THROW).otherwise(SUCCEED);
    Pipeline p = pipeline(config().linger(Duration.ZERO));
    CompletableFuture<RecordMetadata> f = p.send(record(1));
    for (int i = 0; i < 1000 && !f.isDone(); i++) {
      p.sender().runOnce();
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(f).isCompletedWithValueMatching(md -> md.topic().equals("t"));
    assertThat(p.metrics().retried()).isEqualTo(1);
  }

  @Test
  void fatalScriptFailsEveryRecordWithoutRetry() {
    transport.otherwise(FATAL);
    Pipeline p = pipeline(config());
    for (int i = 0; i < 3; i++) {
      p.offer(record(i));
    }
    p.sender().runOnce();
    assertThat(p.metrics().failed()).isEqualTo(3);
    assertThat(p.metrics().retried()).isZero();
    assertThat(p.metrics().pendingRecords()).isZero();
  }

  static Throwable causeOf(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("expected failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.NeverWaits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each overflow policy with a real Kafka producer whose broker is unreachable, so the buffer
 * fills for real: the documented record is dropped, or the caller waits no longer than its
 * bound, and every drop is counted.
 */
class OverflowIT {
  private static final int RECORDS_THAT_FIT = 16;

  /** Nothing can be delivered, so closing only needs to abandon what is buffered. */
  private static final Duration CLOSE = Duration.ofMillis(300);

  private static TributaryProducer producer(OverflowPolicy policy) {
    // 64-byte overhead + 4 + 956 = 1024 bytes a record; the buffer takes 16 of them.
    return TributaryProducer.create(TributaryConfig.builder(
            "kafka://127.0.0.1:" + InProcessKafka.freePort())
        .diagnostics(Diagnostics.none())
        .bufferBytes(RECORDS_THAT_FIT * 1024L)
        .maxRecordBytes(1024)
        .overflowPolicy(policy)
        .maxBlockTime(Duration.ofMillis(200))
        // The sender holds at most one batch of 4 while Kafka waits for metadata; the rest stay
        // in the buffer where DROP_OLDEST can evict them.
        .batchMaxRecords(4)
        // Waiting for the broker or for records to leave costs an hour (see NeverWaits).
        .deliveryTimeout(NeverWaits.NETWORK_WAIT)
        .producerProperties(NeverWaits.kafkaProducerProperties())
        .build());
  }

  private static TributaryRecord record(int i) {
    byte[] value = new byte[956];
    value[0] = (byte) i;
    return TributaryRecord.of("full", value);
  }

  @Test
  void dropNewestKeepsTheFirstRecordsAndCountsTheRest() {
    try (TributaryProducer p = producer(OverflowPolicy.DROP_NEWEST)) {
      // Never a wait for room: it would last an hour, as nothing leaves the buffer.
      int accepted = NeverWaits.call("100 offers into a full buffer", () -> {
        int n = 0;
        for (int i = 0; i < 100; i++) {
          n += p.offer(record(i)) ? 1 : 0;
        }
        return n;
      });
      assertThat(accepted).isEqualTo(RECORDS_THAT_FIT);
      assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(100 - RECORDS_THAT_FIT);
      assertThat(p.close(CLOSE).pending()).isEqualTo(RECORDS_THAT_FIT);
    }
  }

  @Test
  void dropOldestAcceptsEveryRecordAndEvictsQueuedOnes() {
    try (TributaryProducer p = producer(OverflowPolicy.DROP_OLDEST)) {
      List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        fs.add(p.send(record(i)));
      }
      // Every record was accepted; the oldest queued ones made room.
      assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isZero();
      assertThat(p.metrics().dropped(DropReason.EVICTED)).isEqualTo(100 - RECORDS_THAT_FIT);
      assertThat(fs.get(99)).isNotDone();
      assertThat(fs.get(98)).isNotDone();
      assertThat(fs.get(10)).isCompletedExceptionally();
      assertThat(p.metrics().bufferedBytes()).isLessThanOrEqualTo(RECORDS_THAT_FIT * 1024L);
      DeliveryReport report = p.close(CLOSE);
      assertThat(report.dropped() + report.pending()).isEqualTo(100);
    }
  }

  @Test
  void blockWaitsAtMostMaxBlockTimeThenDrops() {
    try (TributaryProducer p = producer(OverflowPolicy.BLOCK)) {
      for (int i = 0; i < RECORDS_THAT_FIT; i++) {
        assertThat(p.offer(record(i))).isTrue();
      }
      long s = System.nanoTime();
      // Room never comes (the records cannot leave for an hour), so only maxBlockTime ends the
      // wait. At least the bound (load only adds to it); that it is not much more is
      // OverflowTest's to prove, on a fake clock.
      assertThat(NeverWaits.call("an offer under BLOCK into a full buffer",
          () -> p.offer(record(99)))).isFalse();
      long waited = System.nanoTime() - s;
      assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
      assertThat(p.metrics().dropped(DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
      p.close(CLOSE);
    }
  }
}

package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.ACCEPT;
import static dev.tributary.internal.ScriptedTransport.Kind.FATAL;
import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static dev.tributary.internal.ScriptedTransport.Kind.RETRIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DeliveryFailedException;
import dev.tributary.DeliveryReport;
import dev.tributary.DestinationReport;
import dev.tributary.DestinationMetrics;
import dev.tributary.DestinationMode;
import dev.tributary.DropReason;
import dev.tributary.OverflowPolicy;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import dev.tributary.testkit.RecordingDiagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror mode: every record to every destination, each with its own share of the buffer and of
 * the spool, its own retries and outcomes; the primary answers for {@code offer} and
 * {@code send}. Stepped by hand under a fake clock, with scripted transports.
 */
class MirrorTest {
  private static final int RECORD_BYTES = 128;

  @TempDir
  Path dir;
  private final FakeClock clock = new FakeClock();
  private final RecordingDiagnostics status = new RecordingDiagnostics();
  private final ScriptedTransport primary = new ScriptedTransport(clock);
  private final ScriptedTransport mirror = new ScriptedTransport(clock);

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://onprem:9092").diagnostics(status)
        .jmxEnabled(false).micrometerEnabled(false).clientId("mirror")
        .standby("kafka://cloud:9092").destinationMode(DestinationMode.MIRROR)
        .linger(Duration.ZERO).batchMaxRecords(5).maxInFlightBatches(2)
        .retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofSeconds(1))
        .deliveryTimeout(Duration.ofMinutes(5));
  }

  private Pipeline pipeline(TributaryConfig.Builder b) {
    List<Supplier<Transport>> factories = List.of(() -> primary, () -> mirror);
    return new Pipeline(b.build(), factories, clock, new SplittableRandom(5), false,
        Spool.ChannelOpener.DEFAULT);
  }

  private static void step(Pipeline p, int times) {
    for (int i = 0; i < times; i++) {
      for (Assembly lane : p.lanes()) {
        if (lane.spooling != null) {
          lane.spooling.writer().runOnce();
        }
        lane.delivery.sender().runOnce();
      }
      p.lanes().get(0).clock.park(p, Duration.ofMillis(100).toNanos());
    }
  }

  private static TributaryRecord record(int i) {
    byte[] value = new byte[RECORD_BYTES - 64 - 1];
    value[0] = (byte) i;
    return TributaryRecord.of("t", value);
  }

  @Test
  void everyRecordGoesToEveryDestinationWithItsOwnCounters() {
    Pipeline p = pipeline(config());
    for (int i = 0; i < 12; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    step(p, 3);
    assertThat(primary.records()).isEqualTo(12);
    assertThat(mirror.records()).isEqualTo(12);
    List<DestinationMetrics> each = p.metrics().destinations();
    assertThat(each).extracting(DestinationMetrics::name).containsExactly("primary", "standby-1");
    assertThat(each).allSatisfy(d -> {
      assertThat(d.sent()).isEqualTo(12);
      assertThat(d.active()).isTrue();
      assertThat(d.pendingRecords()).isZero();
    });
    DeliveryReport report = p.close(Duration.ZERO);
    assertThat(report.sent()).isEqualTo(12);
    assertThat(report.complete()).isTrue();
    assertThat(report.destinations()).extracting(d -> d.name() + " sent=" + d.sent())
        .containsExactly("primary sent=12", "standby-1 sent=12");
  }

  @Test
  void aDeadDestinationFillsOnlyItsOwnShareAndTheOtherGetsEverything() {
    mirror.otherwise(HANG);
    Pipeline p = pipeline(config().bufferBytes(2 * 16L * RECORD_BYTES)
        .maxRecordBytes(RECORD_BYTES));
    int offered = 200;
    for (int i = 0; i < offered; i++) {
      assertThat(p.offer(record(i))).as("record %d", i).isTrue();
      step(p, 1);
    }
    assertThat(primary.records()).isEqualTo(offered);
    assertThat(p.metrics().sent()).isEqualTo(offered);
    assertThat(p.metrics().dropped()).isZero();
    DestinationMetrics dead = p.metrics().destinations().get(1);
    assertThat(dead.dropped()).isPositive();
    assertThat(dead.pendingRecords()).isPositive();
    assertThat(dead.sent() + dead.dropped() + dead.pendingRecords()).isEqualTo(offered);
    assertThat(status.first("Dropped")).startsWith("WARN Mirror destination standby-1: Dropped")
        .contains("buffer of " + 16 * RECORD_BYTES + " bytes was full");
  }

  @Test
  void theSendFutureIsThePrimarysOutcome() throws Exception {
    primary.then(RETRIABLE, 3);
    Pipeline p = pipeline(config());
    CompletableFuture<RecordMetadata> f = p.send(record(1));
    step(p, 1);
    assertThat(mirror.records()).isEqualTo(1);
    assertThat(f).as("the mirror has it, the primary not yet").isNotDone();
    step(p, 40);
    assertThat(primary.sent).hasSize(4);
    assertThat(f.get().topic()).isEqualTo("t");

    // Rejected by the primary: the future fails, though the mirror has the record.
    primary.then(FATAL);
    CompletableFuture<RecordMetadata> rejected = p.send(record(2));
    step(p, 2);
    assertThat(rejected).isCompletedExceptionally();
    try {
      rejected.get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(DeliveryFailedException.class)
          .hasMessageContaining("kafka://onprem:9092").hasMessageNotContaining("cloud");
    }
    assertThat(p.metrics().destinations().get(1).sent()).isEqualTo(2);
    assertThat(p.metrics().failed()).isEqualTo(1);
  }

  @Test
  void blockWaitsForThePrimarysShareOnlyAndAFullStandbyShareDrops() {
    mirror.otherwise(HANG);
    Pipeline p = pipeline(config().overflowPolicy(OverflowPolicy.BLOCK)
        .maxBlockTime(Duration.ofSeconds(5)).bufferBytes(2 * 8L * RECORD_BYTES)
        .maxRecordBytes(RECORD_BYTES));
    long before = clock.nanoTime();
    for (int i = 0; i < 50; i++) {
      assertThat(p.offer(record(i))).isTrue();
      step(p, 1);
    }
    // Each step parks 100 ms of fake time; a BLOCK wait would have moved the clock more.
    assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofMillis(100).toNanos() * 50);
    assertThat(p.metrics().dropped(DropReason.BLOCK_TIMEOUT)).isZero();
    assertThat(p.lanes().get(1).metrics.dropped(DropReason.BUFFER_FULL)).isPositive();
  }

  @Test
  void eachDestinationSpoolsApartAndACheckpointIsThatDestinationsOwn() throws Exception {
    mirror.otherwise(RETRIABLE);
    Pipeline p = pipeline(config().spoolDir(dir));
    for (int i = 0; i < 10; i++) {
      p.offer(record(i));
    }
    step(p, 5);
    assertThat(primary.records()).isEqualTo(10);
    assertThat(Files.isDirectory(dir.resolve("standby-1"))).isTrue();
    DeliveryReport closed = p.close(Duration.ZERO);
    assertThat(closed.destinations()).extracting(d -> d.name() + " sent=" + d.sent()
        + " spooled=" + d.spooled())
        .containsExactly("primary sent=10 spooled=0", "standby-1 sent=0 spooled=10");

    // The next run: the primary resends nothing it had acknowledged, the mirror gets all ten.
    ScriptedTransport primaryAgain = new ScriptedTransport(clock);
    ScriptedTransport mirrorAgain = new ScriptedTransport(clock);
    Pipeline next = new Pipeline(config().spoolDir(dir).build(),
        List.of(() -> primaryAgain, () -> mirrorAgain), clock, new SplittableRandom(6), false,
        Spool.ChannelOpener.DEFAULT);
    step(next, 5);
    assertThat(primaryAgain.sent).isEmpty();
    assertThat(mirrorAgain.records()).isEqualTo(10);
    assertThat(next.metrics().destinations().get(1).sent()).isEqualTo(10);
    next.close(Duration.ZERO);
  }

  @Test
  void aMirrorsUnconfirmedRecordsAreItsOwnAndTheProducersCountsArePrimarys() {
    mirror.otherwise(ACCEPT);
    Pipeline p = pipeline(config());
    for (int i = 0; i < 7; i++) {
      p.offer(record(i));
    }
    step(p, 2);
    DeliveryReport report = p.close(Duration.ofMillis(50));
    assertThat(report.sent()).isEqualTo(7);
    assertThat(report.unconfirmed()).isZero();
    assertThat(report.complete()).isTrue();
    DestinationReport standby = report.destinations().get(1);
    assertThat(standby.sent()).isZero();
    assertThat(standby.unconfirmed()).isEqualTo(7);
    assertThat(report.toString()).contains("standby-1: sent=0, unconfirmed=7, failed=0");
    assertThat(p.metrics().destinations().get(1).unconfirmed()).isEqualTo(7);
  }

  @Test
  void aRecordBuiltOnRoomIsBuiltOnceForEveryDestinationAndOnlyIfOneHasRoom() {
    AtomicInteger builds = new AtomicInteger();
    Function<Integer, TributaryRecord> build = i -> {
      builds.incrementAndGet();
      return record(i);
    };
    primary.otherwise(HANG); // the primary's share fills and stays full
    Pipeline p = pipeline(config().bufferBytes(2 * 4L * RECORD_BYTES)
        .maxRecordBytes(RECORD_BYTES));
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(i, build)).isTrue();
    }
    assertThat(builds.get()).as("one build serves both destinations").isEqualTo(4);
    step(p, 1);
    assertThat(p.metrics().destinations().get(1).sent()).isEqualTo(4);

    for (int i = 4; i < 8; i++) {
      assertThat(p.offer(i, build)).as("the result is the primary's").isFalse();
    }
    assertThat(builds.get()).as("a full primary share does not starve the mirror")
        .isEqualTo(8);
    step(p, 1);
    assertThat(p.metrics().destinations().get(1).sent()).isEqualTo(8);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(4);

    mirror.otherwise(HANG);
    for (int i = 8; i < 12; i++) {
      p.offer(i, build);
    }
    step(p, 1);
    assertThat(builds.get()).isEqualTo(12);
    assertThat(p.offer(12, build)).isFalse();
    assertThat(builds.get()).as("no share has room: not built").isEqualTo(12);
    assertThat(p.metrics().dropped(DropReason.BUFFER_FULL)).isEqualTo(9);
    assertThat(p.lanes().get(1).metrics.dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    assertThat(p.metrics().destinations().get(1).pendingRecords()).isEqualTo(4);
  }

  @Test
  void aBuildThatThrowsLeavesNoCountAndNoReservationInAnyShare() {
    primary.otherwise(HANG);
    Pipeline p = pipeline(config().bufferBytes(2 * 4L * RECORD_BYTES)
        .maxRecordBytes(RECORD_BYTES));
    for (int i = 0; i < 4; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    step(p, 1); // the primary's share stays full, the mirror's empties
    Function<Integer, TributaryRecord> broken = i -> {
      throw new IllegalStateException("encoder broke");
    };
    assertThatThrownBy(() -> p.offer(4, broken)).hasMessage("encoder broke");
    assertThat(p.metrics().dropped()).as("the primary refused, but nothing was offered")
        .isZero();
    assertThat(p.lanes().get(1).metrics.dropped()).isZero();
    assertThat(p.lanes().get(1).metrics.bufferedBytes()).isZero();
    assertThat(p.metrics().appended()).isEqualTo(4);
  }

  @Test
  void closeReportsEveryDestinationAndEachAddsUp() {
    mirror.otherwise(HANG);
    Pipeline p = pipeline(config());
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      futures.add(p.send(record(i)));
    }
    step(p, 2);
    DeliveryReport report = p.close(Duration.ofMillis(50));
    assertThat(report.sent()).isEqualTo(7);
    assertThat(report.complete()).isFalse();
    assertThat(report.destinations().get(1).pending()).isEqualTo(7);
    assertThat(report.toString()).contains("standby-1: sent=0, failed=0, dropped=0, pending=7");
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(p.close(Duration.ZERO)).isSameAs(report);
    assertThat(p.metrics().destinations().get(1).pendingRecords()).isEqualTo(7);
    assertThat(p.metrics().pendingRecords()).isZero();
  }
}

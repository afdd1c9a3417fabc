package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.ACCEPT;
import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static dev.tributary.internal.ScriptedTransport.Kind.RETRIABLE;
import static dev.tributary.internal.ScriptedTransport.Kind.SUCCEED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMetrics;
import dev.tributary.RecordMetadata;
import dev.tributary.StandbyDestination;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import dev.tributary.testkit.RecordingDiagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover between a primary and standbys: when traffic leaves a destination, when it comes
 * back (hysteresis), what happens to records in flight, retries, probes and the spool. The
 * senders, the spool writer and the failover decisions are stepped by hand under a fake clock;
 * the transports follow scripts.
 */
class FailoverTest {
  private static final Duration FAILOVER_AFTER = Duration.ofSeconds(10);
  private static final Duration FAILBACK_AFTER = Duration.ofSeconds(30);
  private static final Duration STEP = Duration.ofMillis(100);

  @TempDir
  Path dir;
  private final FakeClock clock = new FakeClock();
  private final RecordingDiagnostics status = new RecordingDiagnostics();
  private final ScriptedTransport primary = new ScriptedTransport(clock);
  private final ScriptedTransport standby = new ScriptedTransport(clock);
  private final ScriptedTransport standby2 = new ScriptedTransport(clock);
  private int next;

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://onprem:9092").diagnostics(status)
        .jmxEnabled(false).micrometerEnabled(false).clientId("fo")
        .standby("kafka://cloud:9092")
        .failoverAfter(FAILOVER_AFTER).failbackAfter(FAILBACK_AFTER)
        .linger(Duration.ZERO).batchMaxRecords(5).maxInFlightBatches(4)
        .retryBackoff(Duration.ofMillis(100)).retryBackoffMax(Duration.ofSeconds(1))
        .deliveryTimeout(Duration.ofMinutes(5));
  }

  private Rig rig(TributaryConfig.Builder b, ScriptedTransport... transports) {
    List<Supplier<Transport>> factories = new ArrayList<>();
    for (ScriptedTransport t : transports) {
      factories.add(() -> t);
    }
    return new Rig(new Pipeline(b.build(), factories, clock, new SplittableRandom(7), false,
        Spool.ChannelOpener.DEFAULT));
  }

  /** One producer's parts, stepped by hand: spool writer, every sender, then failover. */
  private final class Rig {
    final Pipeline p;
    final Assembly lane;
    final Failover failover;

    Rig(Pipeline p) {
      this.p = p;
      this.lane = p.lanes().get(0);
      this.failover = lane.delivery.failover();
    }

    void step() {
      if (lane.spooling != null) {
        lane.spooling.writer().runOnce();
      }
      for (Endpoint e : lane.endpoints) {
        e.sender().runOnce();
      }
      failover.tick(clock.nanoTime());
    }

    /** Steps every {@link #STEP} for {@code d}, offering {@code perStep} records each time. */
    void run(Duration d, int perStep) {
      for (long t = 0; t < d.toNanos(); t += STEP.toNanos()) {
        for (int i = 0; i < perStep; i++) {
          p.offer(record());
        }
        clock.advance(STEP);
        step();
      }
    }

    DestinationMetrics destination(int i) {
      return p.metrics().destinations().get(i);
    }
  }

  private TributaryRecord record() {
    return TributaryRecord.of("t", ("r" + next++).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recordsAStandbysProxyAcceptsUnconfirmedAreCountedSoForItAndForTheProducer() {
    primary.otherwise(RETRIABLE);
    standby.otherwise(ACCEPT);
    Rig r = rig(config(), primary, standby);
    for (int i = 0; i < 5; i++) {
      r.p.offer(record());
    }
    r.step();
    r.run(FAILOVER_AFTER.plus(Duration.ofSeconds(1)), 0);

    assertThat(r.failover.active()).isEqualTo(1);
    assertThat(r.p.metrics().unconfirmed()).isEqualTo(5);
    assertThat(r.p.metrics().sent()).isZero();
    assertThat(r.destination(1).unconfirmed()).isEqualTo(5);
    assertThat(r.destination(1).sent()).isZero();
    DeliveryReport report = r.p.flush(Duration.ZERO);
    assertThat(report.unconfirmed()).isEqualTo(5);
    assertThat(report.sent()).isZero();
    assertThat(report.complete()).isTrue();
    assertThat(report.destinations()).extracting(d -> d.name() + "=" + d.unconfirmed())
        .containsExactly("primary=0", "standby-1=5");
    assertThat(report.toString()).contains("unconfirmed=5 (accepted by the proxy")
        .contains("standby-1: sent=0, unconfirmed=5, failed=0");
  }

  @Test
  void aRefusedCallerYieldsOnlyWhileTheActiveDestinationGetsRecordsThrough() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config().bufferBytes(4 * 1024).maxRecordBytes(1024), primary, standby);
    Function<Integer, TributaryRecord> build = n -> TributaryRecord.of("t", new byte[n]);
    for (int i = 0; i < 4; i++) {
      assertThat(r.p.offer(1024 - 65, build)).isTrue();
    }
    r.step(); // the primary fails them all
    assertThat(r.p.offer(1024 - 65, build)).isFalse();
    assertThat(clock.yields.get()).as("the active destination is down").isZero();

    r.run(FAILOVER_AFTER.plus(Duration.ofSeconds(1)), 0);
    assertThat(r.failover.active()).isEqualTo(1);
    assertThat(standby.records()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(r.p.offer(1024 - 65, build)).isTrue();
    }
    assertThat(r.p.offer(1024 - 65, build)).isFalse();
    assertThat(clock.yields.get()).as("the standby, now active, takes records").isEqualTo(1);
    assertThat(r.p.metrics().dropped()).isEqualTo(2);
  }

  @Test
  void aPrimaryThatAcceptsNothingLosesTrafficToTheStandbyAfterFailoverAfterAndNotBefore() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config(), primary, standby);
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(r.p.send(record()));
    }
    r.step();
    r.run(FAILOVER_AFTER.minus(STEP.multipliedBy(2)), 0);
    assertThat(r.failover.active()).isZero();
    assertThat(standby.sent).isEmpty();
    assertThat(futures).noneMatch(CompletableFuture::isDone);

    r.run(Duration.ofSeconds(1), 0);
    assertThat(r.failover.active()).isEqualTo(1);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(standby.records()).isEqualTo(5);
    assertThat(r.p.metrics().sent()).isEqualTo(5);
    assertThat(r.p.metrics().failed()).isZero();
    assertThat(r.p.metrics().destinationSwitches()).isEqualTo(1);
    assertThat(r.destination(1).switchedTo()).isEqualTo(1);
    assertThat(r.destination(1).sent()).isEqualTo(5);
    assertThat(r.destination(1).active()).isTrue();
    assertThat(r.destination(0).active()).isFalse();
    assertThat(r.destination(0).retried()).isPositive();
    assertThat(status.first("attempt(s) failed")).isEqualTo("WARN Destination primary "
        + "(kafka://onprem:9092): 1 attempt(s) failed retriably so far; latest error: "
        + "java.lang.IllegalStateException: scripted retriable");
    assertThat(status.first("Retrying delivery")).as("retries are reported by destination")
        .isNull();
    assertThat(status.lines).filteredOn(l -> l.contains("switched")).containsExactly(
        "WARN Producer fo switched from primary (kafka://onprem:9092) to standby-1 "
            + "(kafka://cloud:9092): primary accepted no record for PT10S; last error: "
            + "java.lang.IllegalStateException: scripted retriable");
  }

  @Test
  void recordsInFlightAtThePrimaryAreSentToTheStandbyAtTheSwitch() {
    primary.otherwise(HANG);
    Rig r = rig(config(), primary, standby);
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      futures.add(r.p.send(record()));
    }
    r.run(FAILOVER_AFTER.plusSeconds(1), 0);
    assertThat(primary.records()).isEqualTo(12);
    assertThat(standby.records()).isEqualTo(12);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(r.destination(0).pendingRecords()).isZero();
    assertThat(r.p.metrics().sent()).isEqualTo(12);
  }

  @Test
  void aPartialOutageIsRetriedWhereItIsAndNeverFailsOver() {
    for (int i = 0; i < 1000; i++) {
      primary.thenRetriableAt(0); // one partition down: one record of each batch fails
    }
    Rig r = rig(config(), primary, standby);
    r.run(FAILOVER_AFTER.multipliedBy(3), 5);
    assertThat(r.failover.active()).isZero();
    assertThat(standby.sent).isEmpty();
    assertThat(r.p.metrics().destinationSwitches()).isZero();
    assertThat(r.destination(0).retried()).isPositive();
  }

  @Test
  void aPrimaryUnreachableAtStartGetsNoBatchAfterFailoverAfterExceptProbes() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config(), primary, standby);
    long start = clock.nanoTime();
    r.run(FAILOVER_AFTER.multipliedBy(3), 2);
    long firstAtStandby = standby.sent.get(0).atNanos();
    assertThat(firstAtStandby - start).isBetween(FAILOVER_AFTER.toNanos(),
        FAILOVER_AFTER.plusSeconds(1).toNanos());
    // After the switch the primary only sees probes: one record each, one a probe interval.
    long probeInterval = Failover.probeIntervalNanos(FAILBACK_AFTER);
    List<ScriptedTransport.Sent> probes = primary.sentSince(firstAtStandby);
    assertThat(probes).isNotEmpty().allMatch(s -> s.batch().size() == Failover.PROBE_RECORDS);
    assertThat((long) probes.size())
        .isLessThanOrEqualTo(FAILOVER_AFTER.multipliedBy(2).toNanos() / probeInterval + 1);
    assertThat(r.p.metrics().failed()).isZero();
    r.run(Duration.ofSeconds(2), 0);
    assertThat(r.p.metrics().sent()).isEqualTo(r.p.metrics().appended());
  }

  @Test
  void trafficReturnsOnlyOnceThePrimaryAcceptedEveryProbeForFailbackAfter() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config(), primary, standby);
    r.run(FAILOVER_AFTER.plusSeconds(1), 1);
    assertThat(r.failover.active()).isEqualTo(1);

    primary.otherwise(SUCCEED);
    long healthy = clock.nanoTime();
    r.run(FAILBACK_AFTER.minusSeconds(4), 1);
    assertThat(r.failover.active()).as("still within failbackAfter").isEqualTo(1);
    r.run(Duration.ofSeconds(10), 1);
    assertThat(r.failover.active()).isZero();
    assertThat(r.p.metrics().destinationSwitches()).isEqualTo(2);
    assertThat(r.destination(0).switchedTo()).isEqualTo(1);
    assertThat(status.lines).filteredOn(l -> l.contains("switched")).last().isEqualTo(
        "INFO Producer fo switched from standby-1 (kafka://cloud:9092) to primary "
            + "(kafka://onprem:9092): primary accepted every record for PT30S again");
    // From the switch back on, new records go to the primary.
    long back = clock.nanoTime();
    r.run(Duration.ofSeconds(2), 3);
    assertThat(standby.sentSince(back)).isEmpty();
    assertThat(primary.sentSince(back)).isNotEmpty();
    assertThat(healthy).isPositive();
    assertThat(r.p.metrics().sent()).isEqualTo(r.p.metrics().appended());
  }

  @Test
  void aFlappingPrimaryDoesNotPingPong() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config(), primary, standby);
    r.run(FAILOVER_AFTER.plusSeconds(1), 1);
    assertThat(r.p.metrics().destinationSwitches()).isEqualTo(1);
    // Every other probe fails, for five minutes: never FAILBACK_AFTER of steady answers.
    for (int i = 0; i < 100; i++) {
      primary.then(SUCCEED).then(RETRIABLE);
    }
    r.run(Duration.ofMinutes(5), 1);
    assertThat(r.p.metrics().destinationSwitches()).isEqualTo(1);
    assertThat(r.failover.active()).isEqualTo(1);
    assertThat(status.lines).filteredOn(l -> l.contains("switched")).hasSize(1);
    assertThat(r.p.metrics().sent()).isEqualTo(r.p.metrics().appended());
  }

  @Test
  void whenTheFirstStandbyFailsTooTheSecondTakesOver() {
    primary.otherwise(RETRIABLE);
    standby.otherwise(RETRIABLE);
    Rig r = rig(config().standby(StandbyDestination.builder("kafka://dr:9092").name("dr")
        .build()), primary, standby, standby2);
    r.run(FAILOVER_AFTER.multipliedBy(2).plusSeconds(2), 1);
    assertThat(r.failover.active()).isEqualTo(2);
    assertThat(r.destination(2).name()).isEqualTo("dr");
    assertThat(status.lines).filteredOn(l -> l.contains("switched")).hasSize(2)
        .last().asString().contains("from standby-1 (kafka://cloud:9092) to dr (kafka://dr:9092)");
    r.run(Duration.ofSeconds(2), 0);
    assertThat(r.p.metrics().sent()).isEqualTo(r.p.metrics().appended());
    assertThat(r.destination(2).sent()).isEqualTo(r.p.metrics().sent());
  }

  @Test
  void withEveryDestinationDownSpooledRecordsGoToTheStandbyIfItComesBackFirst() {
    primary.otherwise(RETRIABLE);
    standby.otherwise(RETRIABLE);
    Rig r = rig(config().spoolDir(dir), primary, standby);
    r.run(FAILOVER_AFTER.multipliedBy(3), 2);
    assertThat(status.first("every destination is failing")).contains(
        "records stay with standby-1 (kafka://cloud:9092)");
    long spooled = r.p.metrics().spooled();
    assertThat(spooled).isEqualTo(r.p.metrics().appended());
    assertThat(r.p.metrics().sent()).isZero();

    standby.otherwise(SUCCEED);
    r.run(Duration.ofSeconds(5), 0);
    assertThat(r.p.metrics().sent()).isEqualTo(spooled);
    assertThat(r.destination(1).sent()).isEqualTo(spooled);
    assertThat(r.p.metrics().destinationSwitches()).isEqualTo(1);
  }

  @Test
  void withEveryDestinationDownSpooledRecordsGoToThePrimaryIfItComesBackFirst() {
    primary.otherwise(RETRIABLE);
    standby.otherwise(RETRIABLE);
    Rig r = rig(config().spoolDir(dir), primary, standby);
    r.run(FAILOVER_AFTER.multipliedBy(3), 2);
    long spooled = r.p.metrics().appended();

    primary.otherwise(SUCCEED);
    r.run(FAILBACK_AFTER.plusSeconds(10), 0);
    assertThat(r.failover.active()).isZero();
    assertThat(r.p.metrics().sent()).isEqualTo(spooled);
    assertThat(r.destination(0).sent()).isEqualTo(spooled);
    assertThat(r.destination(1).sent()).isZero();
  }

  @Test
  void anAcknowledgementByTheStandbyMovesTheSpoolCheckpointPastWhatThePrimaryNeverAnswered() {
    primary.otherwise(HANG);
    Rig r = rig(config().spoolDir(dir), primary, standby);
    for (int i = 0; i < 10; i++) {
      r.p.offer(record());
    }
    r.run(FAILOVER_AFTER.plusSeconds(2), 0);
    assertThat(r.p.metrics().sent()).isEqualTo(10);
    DeliveryReport closed = r.p.close(Duration.ZERO);
    assertThat(closed.spooled()).isZero();
    assertThat(closed.destinations()).extracting(d -> d.name() + "=" + d.sent())
        .containsExactly("primary=0", "standby-1=10");

    // A new producer on the same spool finds nothing left to send: the checkpoint is the
    // oldest record no destination acknowledged, not the primary's.
    ScriptedTransport again = new ScriptedTransport(clock);
    Rig next = rig(config().spoolDir(dir), again, new ScriptedTransport(clock));
    next.run(Duration.ofSeconds(1), 0);
    assertThat(next.p.metrics().replayed()).isZero();
    assertThat(again.sent).isEmpty();
  }

  @Test
  void theDestinationHeaderNamesWhereEachRecordWasWritten() {
    primary.otherwise(RETRIABLE);
    Rig r = rig(config().destinationHeader("x-destination"), primary, standby);
    r.run(FAILOVER_AFTER.plusSeconds(1), 1);
    assertThat(header(primary.sent.get(0).batch().record(0))).isEqualTo("primary");
    assertThat(standby.sent).isNotEmpty().allSatisfy(s -> {
      for (int i = 0; i < s.batch().size(); i++) {
        assertThat(header(s.batch().record(i))).isEqualTo("standby-1");
      }
    });
  }

  private static String header(TributaryRecord r) {
    return r.headers().stream().filter(h -> h.key().equals("x-destination"))
        .map(h -> new String(h.value(), StandardCharsets.UTF_8)).reduce((a, b) -> a + "," + b)
        .orElse(null);
  }
}
